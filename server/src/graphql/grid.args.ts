import 'reflect-metadata';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { GRID_MAX_DRAWS, GRID_MIN_DRAWS } from '../study/grid.js';
import { RdmComparisonEnum, RdmDissimilarityEnum } from './grid.type.js';

/** The cells of a grid (also Study.grid's arguments, where the study is the parent). */
@ArgsType()
export class GridCellsArgs {
  @Field(() => [RdmDissimilarityEnum], { nullable: true, description: 'Dissimilarities (default ONE_MINUS_SPEARMAN, ONE_MINUS_PEARSON, EUCLIDEAN).' })
  @ArrayMaxSize(8)
  dissimilarities?: string[];

  @Field(() => [RdmComparisonEnum], { nullable: true, description: 'Comparisons (default SPEARMAN, PEARSON, KENDALL_TAU_A).' })
  @ArrayMaxSize(8)
  comparisons?: string[];

  @Field(() => Int, { nullable: true, description: `Draws per cell, ${GRID_MIN_DRAWS}..${GRID_MAX_DRAWS} (default the study's): the cells computed with that many draws.` })
  @Min(GRID_MIN_DRAWS)
  @Max(GRID_MAX_DRAWS)
  draws?: number;
}

@ArgsType()
export class GridArgs extends GridCellsArgs {
  @Field(() => ID, { nullable: true, description: 'Study id (default: the default served study; an unknown one is refused with the served ids).' })
  @MaxLength(128)
  study?: string;
}

import 'reflect-metadata';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { COMPARISON_METHOD_NAMES, RDM_METHOD_NAMES } from '../analysis/rdm.js';
import { Difference, Similarity } from './similarity.type.js';

/**
 * The convention grid (study/grid.ts, issue 11 item 6): the study under other RDM dissimilarities and comparisons.
 * Enum values are the analysis registries' names upper-cased (ONE_MINUS_SPEARMAN -> 'one_minus_spearman').
 */
const upper = <const K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k.toUpperCase(), k])) as { readonly [P in K as Uppercase<P>]: P };
export const RdmDissimilarityEnum = upper(RDM_METHOD_NAMES);
export const RdmComparisonEnum = upper(COMPARISON_METHOD_NAMES);
registerEnumType(RdmDissimilarityEnum, { name: 'RdmDissimilarity', description: 'Dissimilarity of an RDM entry (docs/numerics.md): 1 - Spearman, 1 - Pearson, Euclidean, squared Euclidean per channel, 1 - cosine.' });
registerEnumType(RdmComparisonEnum, { name: 'RdmComparison', description: 'Comparison of two RDMs (docs/numerics.md): Spearman, Pearson, Kendall tau-a, cosine.' });

@ObjectType({ description: 'Fig. 5 of one grid cell at one network layer: RE-AN, RE-AI and RE-AI minus RE-AN under the cell\'s convention.' })
export class GridLayerPoint {
  @Field(() => String)
  layer!: string;

  @Field(() => Int, { description: 'The paper\'s numbering: 1..8 the analysed layers, 9 the output (softmax); other values are extra read-outs (e.g. logits, 0).' })
  ordinal!: number;

  @Field(() => Similarity, { nullable: true })
  reAn!: Similarity | null;

  @Field(() => Similarity, { nullable: true })
  reAi!: Similarity | null;

  @Field(() => Difference, { nullable: true, description: 'RE-AI minus RE-AN, interval and one-sided p (RE-AI > RE-AN).' })
  difference!: Difference | null;
}

@ObjectType({ description: 'One cell of the convention grid: the study with this RDM dissimilarity, RDM comparison and number of draws. Stimuli, activations, brain responses, vertex selections and encoding models are the study\'s (shared by content key); only the similarity statistics, trends and power are per cell. `claims`, `fig5` and `trends` are null until the cell is computed (`adversarial-rsa seed --grid`).' })
export class GridCell {
  @Field(() => RdmDissimilarityEnum)
  dissimilarity!: string;

  @Field(() => RdmComparisonEnum)
  comparison!: string;

  @Field(() => Int, { description: 'Subsampling draws (and RE-label permutations) of every similarity in the cell.' })
  draws!: number;

  @Field(() => Boolean, { description: 'True for the study\'s own convention and draws: the cell is the study itself.' })
  studyConvention!: boolean;
}

@ObjectType({ description: 'The convention grid of a study: one cell per dissimilarity x comparison, dissimilarities outer.' })
export class Grid {
  @Field(() => ID)
  study!: string;

  @Field(() => [RdmDissimilarityEnum])
  dissimilarities!: string[];

  @Field(() => [RdmComparisonEnum])
  comparisons!: string[];

  @Field(() => [GridCell])
  cells!: GridCell[];
}

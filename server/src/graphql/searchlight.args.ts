import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { Hemisphere, SimilarityPair } from '../study/model.js';
import { HemisphereEnum, SimilarityPairEnum } from './enums.js';
import { PageArgs } from './page.args.js';

@ArgsType()
export class SearchlightArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  @MaxLength(128)
  subject?: string;

  @Field(() => HemisphereEnum, { nullable: true })
  hemisphere?: Hemisphere;

  @Field(() => SimilarityPairEnum, { nullable: true })
  pair?: SimilarityPair;
}

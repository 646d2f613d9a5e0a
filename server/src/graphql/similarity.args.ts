import 'reflect-metadata';
import { ArgsType, Field } from 'type-graphql';
import type { SimilarityPair } from '../study/model.js';
import { SimilarityPairEnum } from './enums.js';
import { SourceFilterArgs } from './source.args.js';

@ArgsType()
export class SimilarityArgs extends SourceFilterArgs {
  @Field(() => SimilarityPairEnum, { nullable: true })
  pair?: SimilarityPair;
}

import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';
import { SimilarityPairEnum, TrendDirectionEnum } from './enums.js';

@ObjectType({ description: 'Mann-Kendall trend of a similarity over the network layers (output layer excluded, paper section 3.1). A layer with an undefined (NaN) similarity makes the trend undefined: it is refused with an error naming the layer, never reported as no trend.' })
export class Trend {
  @Field(() => SimilarityPairEnum)
  pair!: string;

  @Field(() => [String])
  layers!: string[];

  @Field(() => Float)
  s!: number;

  @Field(() => Float)
  z!: number;

  @Field(() => Float)
  tau!: number;

  @Field(() => Float)
  p!: number;

  @Field(() => TrendDirectionEnum)
  direction!: string;
}

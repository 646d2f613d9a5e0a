import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SimilarityPairEnum } from './enums.js';
import { Source } from './source.type.js';

@ObjectType({ description: 'Summary of a permutation null distribution.' })
export class NullSummary {
  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  sd!: number;

  @Field(() => Float, { description: '95th percentile.' })
  q95!: number;

  @Field(() => Int)
  draws!: number;
}

@ObjectType({ description: 'Similarity of two RDMs of one source (RE-AN or RE-AI), with subsampling interval and permutation p (paper section 2.4). NaN propagates, as in SciPy: an undefined RDM entry makes the similarity, its interval and p undefined, never a finite value.' })
export class Similarity {
  @Field(() => Source)
  source!: Source;

  @Field(() => SimilarityPairEnum)
  pair!: string;

  @Field(() => String, { description: 'RDM method (dissimilarity measure).' })
  rdmMethod!: string;

  @Field(() => String, { description: 'RDM comparison (e.g. spearman).' })
  comparison!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Float, { description: 'Lower end of the 95 % subsampling percentile interval.' })
  ciLow!: number;

  @Field(() => Float)
  ciHigh!: number;

  @Field(() => Float, { description: 'One-sided permutation p, (1 + #null >= observed) / (1 + draws).' })
  p!: number;

  @Field(() => NullSummary)
  null!: NullSummary;

  @Field(() => Boolean, { description: 'True when the source is simulated: a simulated subject\'s ROI (a layer source is a network on real photos, never simulated).' })
  simulated!: boolean;
}

@ObjectType({ description: 'RE-AI minus RE-AN similarity of one source, with interval and p.' })
export class Difference {
  @Field(() => Source)
  source!: Source;

  @Field(() => Float)
  value!: number;

  @Field(() => Float)
  ciLow!: number;

  @Field(() => Float)
  ciHigh!: number;

  @Field(() => Float)
  p!: number;

  @Field(() => Boolean, { description: 'True when the source is simulated: a simulated subject\'s ROI (a layer source is a network on real photos, never simulated).' })
  simulated!: boolean;
}

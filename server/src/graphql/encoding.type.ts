import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';
import { AccuracyReadingEnum, EncodingFamilyEnum, RoiNameEnum, StimulusKindEnum } from './enums.js';

@ObjectType({ description: 'Encoding model of one subject x ROI from one layer, fitted on RE and tested on a stimulus kind (paper section 2.5).' })
export class EncodingResult {
  @Field(() => String)
  subject!: string;

  @Field(() => RoiNameEnum)
  roi!: string;

  @Field(() => String)
  layer!: string;

  @Field(() => EncodingFamilyEnum)
  family!: string;

  @Field(() => StimulusKindEnum, { description: 'Stimuli the model is tested on: AN or AI. The model is fitted on every RE image, so there is no RE test (testKind RE returns no rows).' })
  testKind!: string;

  @Field(() => AccuracyReadingEnum)
  reading!: string;

  @Field(() => Float, { description: 'Prediction accuracy, Pearson r.' })
  r!: number;

  @Field(() => Float)
  ciLow!: number;

  @Field(() => Float)
  ciHigh!: number;

  @Field(() => Float, { description: 'Two-sided permutation p on |r|.' })
  p!: number;

  @Field(() => [Float], { nullable: 'items', description: 'Per-vertex accuracy (ACROSS_IMAGES) or per-image accuracy (ACROSS_VERTICES); null where r is undefined (a constant prediction or response).' })
  scores!: number[];

  @Field(() => Boolean, { description: 'True when the subject\'s responses are simulated (not measured).' })
  simulated!: boolean;
}

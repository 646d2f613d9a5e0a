import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { RoiNameEnum } from './enums.js';

@ObjectType({ description: 'Power analysis of the RE-AI minus RE-AN difference across subjects, per ROI (paper section 3.2).' })
export class Power {
  @Field(() => RoiNameEnum)
  roi!: string;

  @Field(() => Int)
  nSubjects!: number;

  @Field(() => [Float], { description: 'Per-subject differences.' })
  differences!: number[];

  @Field(() => Float, { description: "Cohen's d_z." })
  dz!: number;

  @Field(() => Float, { description: 'Power at nSubjects, alpha 0.05, of the one-tailed (directional) paired t-test of RE-AI > RE-AN, the paper\'s hypothesis: the sign of dz counts, so a negative dz (RE-AI below RE-AN) has power below 0.05.' })
  power!: number;

  @Field(() => Float, { nullable: true, description: 'Number of subjects for 80 % power of the same directional test: the solution of power(n) = 0.8, possibly fractional (round up for a sample size); null when no number reaches it (dz <= 0).' })
  minN!: number | null;
}

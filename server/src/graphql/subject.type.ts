import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { HemisphereEnum, RoiNameEnum } from './enums.js';

/** One ROI of one subject in one hemisphere: vertex counts and split-half reliability (paper section 2.3). */
@ObjectType({ description: 'A subject\'s ROI in one hemisphere: vertex counts and split-half reliability of the selected vertices.' })
export class Roi {
  @Field(() => String)
  subject!: string;

  @Field(() => RoiNameEnum)
  roi!: string;

  @Field(() => HemisphereEnum)
  hemisphere!: string;

  @Field(() => Int, { description: 'Vertices in the ROI.' })
  nVertices!: number;

  @Field(() => Int, { description: 'Vertices kept by the reliability searchlight (top N).' })
  nSelected!: number;

  @Field(() => Float)
  medianReliability!: number;

  @Field(() => Float)
  medianReliabilitySelected!: number;
}

@ObjectType({ description: 'A subject (simulated or real) and its ROIs.' })
export class Subject {
  @Field(() => String)
  id!: string;

  @Field(() => Boolean)
  simulated!: boolean;

  @Field(() => [Roi])
  rois!: Roi[];
}

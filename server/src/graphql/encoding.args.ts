import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { AccuracyReading, EncodingFamily, RoiName, StimulusKind } from '../study/model.js';
import { AccuracyReadingEnum, EncodingFamilyEnum, RoiNameEnum, StimulusKindEnum } from './enums.js';
import { PageArgs } from './page.args.js';

@ArgsType()
export class EncodingArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  @MaxLength(128)
  subject?: string;

  @Field(() => RoiNameEnum, { nullable: true })
  roi?: RoiName;

  @Field(() => String, { nullable: true })
  @MaxLength(128)
  layer?: string;

  @Field(() => EncodingFamilyEnum, { nullable: true })
  family?: EncodingFamily;

  @Field(() => StimulusKindEnum, { nullable: true })
  testKind?: StimulusKind;

  @Field(() => AccuracyReadingEnum, { nullable: true })
  reading?: AccuracyReading;
}

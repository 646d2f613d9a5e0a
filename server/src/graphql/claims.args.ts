import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import type { AccuracyReading, EncodingFamily } from '../study/model.js';
import { AccuracyReadingEnum, EncodingFamilyEnum } from './enums.js';

@ArgsType()
export class EncodingVariantArgs {
  @Field(() => EncodingFamilyEnum, { nullable: true, description: 'Encoding family the encoding claims read (default ROMP, the paper\'s).' })
  encodingFamily?: EncodingFamily;

  @Field(() => AccuracyReadingEnum, { nullable: true, description: 'Encoding accuracy reading (default ACROSS_IMAGES; the paper leaves it open).' })
  encodingReading?: AccuracyReading;
}

@ArgsType()
export class ClaimsArgs extends EncodingVariantArgs {
  @Field(() => ID, { nullable: true, description: 'Study id (default: the default served study; an unknown one is refused with the served ids).' })
  @MaxLength(128)
  study?: string;
}

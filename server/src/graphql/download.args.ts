import 'reflect-metadata';
import { Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { ArrayFormatEnum } from './enums.js';

const RANGE = /^\d{1,9}:\d{1,9}$/;

/** Format and subset of an array download; ranges are half-open "start:end". */
@ArgsType()
export class DownloadArgs {
  @Field(() => ArrayFormatEnum, { defaultValue: 'npy' })
  format: 'npy' | 'csv' = 'npy';

  @Field(() => String, { nullable: true, description: 'Stimulus range "start:end" (half-open), e.g. "0:10".' })
  @Matches(RANGE, { message: 'stimuli must be a range start:end, e.g. 0:10' })
  stimuli?: string;

  @Field(() => String, { nullable: true, description: 'Unit or vertex range "start:end" (half-open), e.g. "0:100".' })
  @Matches(RANGE, { message: 'columns must be a range start:end, e.g. 0:100' })
  columns?: string;
}

import 'reflect-metadata';
import { Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { StimulusKind } from '../study/model.js';
import { DownloadArgs } from './download.args.js';
import { SourceKindEnum, StimulusKindEnum } from './enums.js';

@ArgsType()
export class RdmSetArgs extends DownloadArgs {
  @Field(() => SourceKindEnum)
  sourceKind!: 'layer' | 'roi';

  // An RDM set's first axis is its RDMs (one per source x stimulus kind), not stimuli: `rows` names it; the
  // inherited `stimuli` selects the same rows and is kept, deprecated, so existing queries still run.
  @Field(() => String, { nullable: true, description: 'RDM range "start:end" (half-open) along the first axis (one row per source x stimulus kind), e.g. "0:3".' })
  @Matches(/^\d{1,9}:\d{1,9}$/, { message: 'rows must be a range start:end, e.g. 0:3' })
  rows?: string;

  @Field(() => String, { nullable: true, deprecationReason: 'Selects RDM rows, not stimuli: use rows.', description: 'Same as rows.' })
  @Matches(/^\d{1,9}:\d{1,9}$/, { message: 'stimuli must be a range start:end, e.g. 0:10' })
  override stimuli?: string = undefined;
}

@ArgsType()
export class StimulusPixelsArgs extends DownloadArgs {
  @Field(() => StimulusKindEnum)
  kind!: StimulusKind;
}

@ArgsType()
export class ActivationsArgs extends DownloadArgs {
  @Field(() => StimulusKindEnum)
  stimulusKind!: StimulusKind;
}

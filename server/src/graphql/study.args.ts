import 'reflect-metadata';
import { ArgsType, Field } from 'type-graphql';
import type { StimulusKind } from '../study/model.js';
import { DownloadArgs } from './download.args.js';
import { SourceKindEnum, StimulusKindEnum } from './enums.js';

@ArgsType()
export class RdmSetArgs extends DownloadArgs {
  @Field(() => SourceKindEnum)
  sourceKind!: 'layer' | 'roi';
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

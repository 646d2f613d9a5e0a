import 'reflect-metadata';
import { ArgsType, Field } from 'type-graphql';
import type { StimulusKind } from '../study/model.js';
import { StimulusKindEnum } from './enums.js';
import { SourceFilterArgs } from './source.args.js';

@ArgsType()
export class RdmArgs extends SourceFilterArgs {
  @Field(() => StimulusKindEnum, { nullable: true })
  stimulusKind?: StimulusKind;
}

import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { StimulusKind } from '../study/model.js';
import { StimulusKindEnum } from './enums.js';
import { PageArgs } from './page.args.js';

@ArgsType()
export class StimuliArgs extends PageArgs {
  @Field(() => StimulusKindEnum, { nullable: true })
  kind?: StimulusKind;

  @Field(() => String, { nullable: true, description: 'Stimulus group (dogs, birds, cars, fruits, aquatic).' })
  @MaxLength(64)
  group?: string;
}

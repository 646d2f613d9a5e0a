import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { Hemisphere, RoiName } from '../study/model.js';
import { HemisphereEnum, RoiNameEnum } from './enums.js';

@ArgsType()
export class RoisArgs {
  @Field(() => String, { nullable: true })
  @MaxLength(128)
  subject?: string;

  @Field(() => RoiNameEnum, { nullable: true })
  roi?: RoiName;

  @Field(() => HemisphereEnum, { nullable: true })
  hemisphere?: Hemisphere;
}


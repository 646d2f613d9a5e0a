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


/** Filters of Subject.rois (the subject is the parent). */
@ArgsType()
export class SubjectRoisArgs {
  @Field(() => RoiNameEnum, { nullable: true, description: 'Only this ROI (both hemispheres unless hemisphere is given).' })
  roi?: RoiName;

  @Field(() => HemisphereEnum, { nullable: true })
  hemisphere?: Hemisphere;
}

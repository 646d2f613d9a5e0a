import 'reflect-metadata';
import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { RoiName } from '../study/model.js';
import { RoiNameEnum, SourceKindEnum } from './enums.js';
import { PageArgs } from './page.args.js';

/** Filters shared by everything computed per source (layer, or subject x ROI). */
@ArgsType()
export class SourceArgs extends PageArgs {
  @Field(() => SourceKindEnum, { nullable: true })
  sourceKind?: 'layer' | 'roi';

  @Field(() => String, { nullable: true })
  @MaxLength(128)
  layer?: string;

  @Field(() => String, { nullable: true })
  @MaxLength(128)
  subject?: string;

  @Field(() => RoiNameEnum, { nullable: true })
  roi?: RoiName;
}

/** Source filters plus the RDM method. */
@ArgsType()
export class SourceFilterArgs extends SourceArgs {
  @Field(() => String, { nullable: true, description: 'RDM method (dissimilarity measure), e.g. correlation; UNKNOWN_METHOD lists those computed.' })
  @MaxLength(64)
  method?: string;
}

import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import { RoiNameEnum, SourceKindEnum } from './enums.js';

/** Source of an RDM or a similarity: a network layer, or a subject's ROI. Unused fields are null. */
@ObjectType({ description: 'A network layer (kind LAYER, layer set) or a subject x ROI (kind ROI, subject and roi set).' })
export class Source {
  @Field(() => SourceKindEnum)
  kind!: 'layer' | 'roi';

  @Field(() => String, { nullable: true })
  layer?: string;

  @Field(() => String, { nullable: true })
  subject?: string;

  @Field(() => RoiNameEnum, { nullable: true })
  roi?: string;
}

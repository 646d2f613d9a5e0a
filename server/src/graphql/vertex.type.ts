import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';
import { HemisphereEnum, RoiNameEnum } from './enums.js';

@ObjectType({ description: 'A vertex of a subject\'s ROI: its id, place on the patch (mm), split-half reliability of its searchlight (paper 3.9), and whether the selection kept it.' })
export class Vertex {
  @Field(() => String, { description: 'Vertex id, as in the columns of the responses download.' })
  id!: string;

  @Field(() => RoiNameEnum)
  roi!: string;

  @Field(() => HemisphereEnum)
  hemisphere!: string;

  @Field(() => Float, { description: 'mm.' })
  x!: number;

  @Field(() => Float, { description: 'mm.' })
  y!: number;

  @Field(() => Float, { nullable: true, description: 'Split-half reliability (Spearman of the two halves\' RE RDMs in the searchlight disk); null where undefined (a disk too small).' })
  reliability!: number | null;

  @Field(() => Boolean, { description: 'Kept by the selection (top N per hemisphere per ROI).' })
  selected!: boolean;
}

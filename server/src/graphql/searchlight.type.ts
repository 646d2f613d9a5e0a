import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';
import { HemisphereEnum, RoiNameEnum, SimilarityPairEnum } from './enums.js';

@ObjectType({ description: 'Searchlight similarity map of one subject and hemisphere on the flattened cortical sheet (paper Fig. 4).' })
export class SearchlightMap {
  @Field(() => String)
  subject!: string;

  @Field(() => HemisphereEnum)
  hemisphere!: string;

  @Field(() => SimilarityPairEnum)
  pair!: string;

  @Field(() => Float)
  radiusMm!: number;

  @Field(() => [String])
  vertexIds!: string[];

  @Field(() => [Float], { description: 'Flat-map x per vertex, mm.' })
  x!: number[];

  @Field(() => [Float], { description: 'Flat-map y per vertex, mm.' })
  y!: number[];

  @Field(() => [RoiNameEnum], { nullable: 'items', description: 'ROI of each vertex, null outside every ROI.' })
  roi!: (string | null)[];

  @Field(() => [Float], { nullable: 'items', description: 'Similarity per vertex; null where undefined (a constant pattern in the disk).' })
  values!: number[];
}

import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A whole result set as one file (CSV with "# key: value" metadata lines, or JSON with a metadata object).' })
export class ExportLink {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  csvUrl!: string;

  @Field(() => String)
  jsonUrl!: string;
}

import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';

/** Where a computed value came from: the store key of its artifact and everything that produced it. */
@ObjectType({ description: 'Provenance of a stored artifact: what produced it, from which inputs, with which code, network and backend.' })
export class Provenance {
  @Field(() => String, { description: 'Content address of the artifact in the store.' })
  key!: string;

  @Field(() => String, { description: 'Producing stage, e.g. "similarity.layers".' })
  producedBy!: string;

  @Field(() => String)
  codeVersion!: string;

  @Field(() => String, { description: 'TensorFlow.js backend that ran the computation (tensorflow-gpu, tensorflow, wasm, cpu).' })
  backend!: string;

  @Field(() => String)
  network!: string;

  @Field(() => String)
  weightsSha256!: string;

  @Field(() => String, { description: 'ISO 8601 time the artifact was computed.' })
  computedAt!: string;

  @Field(() => Float)
  durationMs!: number;

  @Field(() => String, { description: 'Parameters of the computation, canonical JSON.' })
  params!: string;

  @Field(() => [String], { description: 'Store keys of the input artifacts.' })
  inputs!: string[];
}

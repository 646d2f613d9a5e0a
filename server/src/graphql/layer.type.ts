import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A read-out layer of the network.' })
export class Layer {
  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: 'Position in network order, from 1.' })
  ordinal!: number;

  @Field(() => String, { description: 'Activation function read out (e.g. relu6).' })
  activation!: string;

  @Field(() => Int, { description: 'Units per stimulus (product of shape).' })
  units!: number;

  @Field(() => [Int], { description: 'Activation shape per stimulus, e.g. [56, 56, 24].' })
  shape!: number[];

  @Field(() => String)
  description!: string;
}

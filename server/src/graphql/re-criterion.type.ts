import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One RE image against the paper\'s criterion (correct class top-1 with p > threshold).' })
export class ReCriterionImage {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  classLabel!: string;

  @Field(() => String, { description: 'Label of the network\'s top-1 class.' })
  top1!: string;

  @Field(() => Float, { nullable: true, description: 'The network\'s probability of the correct class; null when not among the top 5.' })
  probability!: number | null;

  @Field(() => Boolean)
  meets!: boolean;
}

@ObjectType({ description: 'How many RE images the study\'s network classifies correctly with p > threshold (paper section 2.2: all 40 on AlexNet with p > 0.99).' })
export class ReCriterion {
  @Field(() => Float)
  threshold!: number;

  @Field(() => Int)
  met!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => [ReCriterionImage])
  images!: ReCriterionImage[];
}

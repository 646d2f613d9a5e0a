import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { ProgressStateEnum } from './enums.js';

@ObjectType({ description: 'Progress of one pipeline stage.' })
export class ProgressStage {
  @Field(() => String)
  stage!: string;

  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => String, { nullable: true })
  detail?: string;
}

@ObjectType({ description: 'State of the study computation (precompute or on-demand work).' })
export class Progress {
  @Field(() => ProgressStateEnum)
  state!: string;

  @Field(() => [ProgressStage])
  stages!: ProgressStage[];

  @Field(() => String, { nullable: true })
  error!: string | null;
}

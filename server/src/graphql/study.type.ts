import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import { RoiNameEnum } from './enums.js';

/** The study: network, weights, backend, subjects, ROIs, parameters, and how it differs from the paper. */
@ObjectType({ description: 'The study served: its network (with weights checksum and read-out layers), compute backend, subjects, ROIs, parameters, and where it differs from Zhang et al. 2021.' })
export class Study {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Network registry name, e.g. mobilenet_v2.' })
  network!: string;

  @Field(() => String)
  networkDescription!: string;

  @Field(() => String)
  weightsSha256!: string;

  @Field(() => String, { description: 'TensorFlow.js backend in use: tensorflow-gpu, tensorflow, wasm or cpu.' })
  backend!: string;

  @Field(() => String)
  preprocessing!: string;

  @Field(() => Boolean, { description: 'True when the brain data are simulated (not measured).' })
  simulated!: boolean;

  @Field(() => [String], { description: 'Subject ids; `subjects` gives the records.' })
  subjectIds!: string[];

  @Field(() => [String], { description: 'Read-out layer names in network order; `layers` gives the records.' })
  layerNames!: string[];

  @Field(() => [RoiNameEnum])
  rois!: string[];

  @Field(() => [String], { description: 'Stimulus groups (dogs, birds, cars, fruits, aquatic).' })
  groups!: string[];

  @Field(() => String, { description: 'Study definition and analysis parameters, canonical JSON.' })
  parameters!: string;

  @Field(() => [String])
  differencesFromPaper!: string[];
}

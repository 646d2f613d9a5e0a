import 'reflect-metadata';
import { Field, Float, ObjectType } from 'type-graphql';
import { StimulusKindEnum } from './enums.js';
import { Source } from './source.type.js';

@ObjectType({ description: 'A representational dissimilarity matrix of one source and stimulus kind, as its upper triangle.' })
export class Rdm {
  @Field(() => Source)
  source!: Source;

  @Field(() => StimulusKindEnum)
  stimulusKind!: string;

  @Field(() => String, { description: 'Dissimilarity measure, e.g. correlation (1 - Pearson r).' })
  method!: string;

  @Field(() => [String], { description: 'Stimulus ids labelling rows and columns, in matrix order.' })
  stimulusIds!: string[];

  @Field(() => [Float], { nullable: 'items', description: 'Upper triangle without diagonal, row-major (SciPy pdist order): size*(size-1)/2 values; null where a dissimilarity is undefined (a constant pattern, or a pattern holding a NaN: NaN propagates, as in SciPy pdist).' })
  vector!: number[];

  @Field(() => Boolean, { description: 'True when the source is simulated: a simulated subject\'s ROI (a layer source is a network on real photos, never simulated).' })
  simulated!: boolean;
}

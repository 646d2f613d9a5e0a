import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { StimulusKindEnum } from './enums.js';

@ObjectType({ description: 'One of the network\'s top-k classes for a stimulus.' })
export class ClassScore {
  @Field(() => Int, { description: 'ImageNet class index 0..999.' })
  index!: number;

  @Field(() => String, { description: 'Short label (the first synonym), the vocabulary of Stimulus.classLabel.' })
  label!: string;

  @Field(() => String, { description: 'Full synonym list from the labels file, e.g. "Ibizan hound, Ibizan Podenco".' })
  synonyms!: string;

  @Field(() => Float)
  probability!: number;
}

@ObjectType({ description: 'How an adversarial stimulus was generated (paper section 2.1).' })
export class GenerationRecord {
  @Field(() => String)
  method!: string;

  @Field(() => Int)
  steps!: number;

  @Field(() => Float, { description: 'RNG seed, an unsigned 32-bit integer (Float because GraphQL Int is signed 32-bit).' })
  seed!: number;

  @Field(() => Boolean)
  converged!: boolean;

  @Field(() => Float, { description: 'Probability of the target class at the end (RE class for AN, wrong class for AI).' })
  targetProbability!: number;

  @Field(() => String, { description: 'Method parameters, canonical JSON.' })
  params!: string;
}

@ObjectType({ description: 'Size of the perturbation from the RE image, in network input space.' })
export class PerturbationMetrics {
  @Field(() => Float)
  l2!: number;

  @Field(() => Float)
  linf!: number;

  @Field(() => Float, { description: 'Peak signal-to-noise ratio, dB.' })
  psnr!: number;

  @Field(() => Float)
  ssim!: number;
}

@ObjectType({ description: 'A stimulus: regular (RE) or adversarial (AN, AI, AI_CONTROL), with its generation record and classification.' })
export class Stimulus {
  @Field(() => String, { description: 'e.g. RE-n02091244, AN-n02091244.' })
  id!: string;

  @Field(() => StimulusKindEnum)
  kind!: string;

  @Field(() => String, { description: 'Id of the RE image it derives from (itself for RE).' })
  sourceId!: string;

  @Field(() => String)
  group!: string;

  @Field(() => Int)
  classIndex!: number;

  @Field(() => String, { description: 'Short label of the class (the first synonym), as in ClassScore.label.' })
  classLabel!: string;

  @Field(() => String, { description: 'Full synonym list of the class; classLabel is its first entry.' })
  classSynonyms!: string;

  @Field(() => Int, { nullable: true, description: 'Pre-selected wrong class (AI, AI_CONTROL).' })
  targetIndex!: number | null;

  @Field(() => String, { nullable: true })
  targetLabel!: string | null;

  @Field(() => String, { description: 'Human percept as in the paper\'s Fig. 1: the RE label, or "noise" for AN.' })
  humanLabel!: string;

  @Field(() => [ClassScore], { description: 'Network top-k classification.' })
  top!: ClassScore[];

  @Field(() => GenerationRecord, { nullable: true })
  generation!: GenerationRecord | null;

  @Field(() => PerturbationMetrics, { nullable: true })
  metrics!: PerturbationMetrics | null;

  @Field(() => String, { description: 'sha256 of the PNG.' })
  imageSha256!: string;
}

import 'reflect-metadata';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CLAIM_SECTIONS, CLAIM_STATUSES } from '../analysis/claims/types.js';
import { AccuracyReadingEnum, EncodingFamilyEnum } from './enums.js';

/**
 * The paper's claims evaluated on a study (analysis/claims, issue 11 item 5). Enum values are the registry's
 * names upper-cased (HOLDS -> 'holds'), from the same key lists.
 */
const upper = <const K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k.toUpperCase(), k])) as { readonly [P in K as Uppercase<P>]: P };
export const ClaimStatusEnum = upper(CLAIM_STATUSES);
export const ClaimSectionEnum = upper(CLAIM_SECTIONS);
registerEnumType(ClaimStatusEnum, { name: 'ClaimStatus', description: 'HOLDS: the operational test passes on this study; FAILS: it does not; NOT_COMPUTABLE: the study lacks the results the test needs (e.g. no brain data, fewer than 3 layers).' });
registerEnumType(ClaimSectionEnum, { name: 'ClaimSection', description: 'Where a claim comes from: STIMULI (Methods), BRAIN_RSA (Fig. 3), CNN_RSA (Fig. 5), ENCODING (Fig. 6).' });

@ObjectType({ description: 'One number behind a verdict, or one of the paper\'s numbers. Counts carry `total` ("7 of 10").' })
export class ClaimNumber {
  @Field(() => String, { description: 'What the number is, e.g. "subject x ROIs with RE-AI > RE-AN, p < .05" or "sim01 V1: p".' })
  name!: string;

  @Field(() => Float, { nullable: true, description: 'The value; null when undefined (NaN) in the study, or when the paper gives only a bound (see note).' })
  value!: number | null;

  @Field(() => Int, { nullable: true, description: 'For counts: the number of tests counted over.' })
  total?: number;

  @Field(() => String, { nullable: true, description: 'Qualifier, e.g. "all p < .0001" or "read off Fig. 3".' })
  note?: string;
}

@ObjectType({ description: 'One of the paper\'s claims, its exact operational test, and its verdict on the results, with the numbers used and the paper\'s beside them.' })
export class Claim {
  @Field(() => ID, { description: 'Stable claim id, e.g. "brain_ai_above_an".' })
  id!: string;

  @Field(() => ClaimSectionEnum)
  section!: string;

  @Field(() => String, { description: 'Where in the paper, e.g. "Fig. 3; Results, p. 8".' })
  where!: string;

  @Field(() => String, { description: 'The paper\'s statement (quoted or closely paraphrased from the paper digest).' })
  statement!: string;

  @Field(() => String, { description: 'The exact operational test applied here, thresholds included.' })
  test!: string;

  @Field(() => ClaimStatusEnum)
  status!: string;

  @Field(() => [ClaimNumber], { description: 'The study\'s numbers the verdict used; the first is the headline, comparable with paper[0].' })
  used!: ClaimNumber[];

  @Field(() => [ClaimNumber], { description: 'The paper\'s numbers for the same quantities; the first is the headline.' })
  paper!: ClaimNumber[];

  @Field(() => String, { description: 'Why it holds, fails or cannot be computed, in one sentence.' })
  detail!: string;
}

@ObjectType({ description: 'Every claim of the registry evaluated on one set of results (a study, or one convention-grid cell), with the conventions that produced them.' })
export class ClaimSet {
  @Field(() => ID)
  study!: string;

  @Field(() => String, { description: 'Network registry name.' })
  network!: string;

  @Field(() => String, { description: 'RDM dissimilarity of the similarities (e.g. one_minus_spearman).' })
  dissimilarity!: string;

  @Field(() => String, { description: 'RDM comparison of the similarities (e.g. spearman).' })
  comparison!: string;

  @Field(() => Int, { description: 'Subsampling draws (and RE-label permutations) behind every similarity p and interval.' })
  draws!: number;

  @Field(() => EncodingFamilyEnum, { description: 'Encoding family the encoding claims read.' })
  encodingFamily!: string;

  @Field(() => AccuracyReadingEnum, { description: 'Encoding accuracy reading the encoding claims read.' })
  encodingReading!: string;

  @Field(() => [Claim])
  claims!: Claim[];

  @Field(() => Int, { description: 'Number of claims that hold.' })
  holds!: number;

  @Field(() => Int)
  fails!: number;

  @Field(() => Int)
  notComputable!: number;
}

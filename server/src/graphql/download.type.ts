import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ArrayFormatEnum } from './enums.js';

/**
 * A large array served as a file by the same server (activations, responses, RDM sets, stimulus pixels): fetch
 * `url` (relative to the server root). `contentLength` and `sha256` describe exactly the bytes served.
 */
@ObjectType({ description: 'A downloadable array (.npy or .csv) served by this server; url is relative to the server root.' })
export class ArrayDownload {
  @Field(() => String)
  url!: string;

  @Field(() => ArrayFormatEnum)
  format!: 'npy' | 'csv';

  @Field(() => [Int], { description: 'Row-major shape of the (subset of the) array.' })
  shape!: number[];

  @Field(() => String, { description: 'NumPy dtype string, e.g. <f4.' })
  dtype!: string;

  @Field(() => Float, { description: 'Bytes in the response body.' })
  contentLength!: number;

  @Field(() => String, { description: 'sha256 of the response body, hex; also the ETag.' })
  sha256!: string;
}

@ObjectType({ description: 'Labels of a downloaded array: the ids along its axes, its study, and whether its data are simulated.' })
export class ArrayLabels {
  @Field(() => [String], { description: 'Ids along the stimulus axis (axis 1 of [trials x stimuli x vertices], axis 0 otherwise): stimulus ids in the study\'s order RE, AN, AI(, AI_CONTROL), or one RDM id per row of an RDM set.' })
  rows!: string[];

  @Field(() => [String], { nullable: true, description: 'Ids along the last axis (vertex ids of responses); null where that axis is a plain index (network units, pixels, RDM pairs in pdist order).' })
  columns!: string[] | null;

  @Field(() => String)
  study!: string;

  @Field(() => Boolean, { description: 'True for simulated subjects\' data (responses, subject RDMs).' })
  simulated!: boolean;

  @Field(() => String, { description: 'Provenance key of the study.' })
  studyProvenanceKey!: string;
}

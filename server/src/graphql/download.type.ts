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

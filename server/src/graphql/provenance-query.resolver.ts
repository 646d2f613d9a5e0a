import 'reflect-metadata';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Provenance as ProvenanceRecord } from '../study/model.js';
import type { ApiContext } from './context.js';
import { Provenance } from './provenance.type.js';

/**
 * `provenance(key:)`: looks a store key up, as the site's footers and every record's `provenanceKey` invite.
 * A key the store does not hold answers null (a lookup by id, like Relay's `node(id:)`), not an error: a key
 * copied from another store or an older run is an ordinary miss, and the client sees it as `null`.
 */
@Resolver()
export class ProvenanceQueryResolver {
  @Query(() => Provenance, { nullable: true, description: 'Provenance of the artifact with this store key (a `provenanceKey` or `provenance.key`, e.g. from a page footer or an export row); null when the store holds no such artifact.' })
  provenance(@Arg('key', () => String) key: string, @Ctx() ctx: ApiContext): Promise<ProvenanceRecord | null> {
    return ctx.provenance.load(key);
  }
}

import 'reflect-metadata';
import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { DomainError } from '../core/errors.js';
import type { Provenance as ProvenanceRecord } from '../study/model.js';
import type { ApiContext } from './context.js';
import { Provenance } from './provenance.type.js';

/**
 * The `provenance` field of a computed type, resolved through the request's DataLoader so that a page of 500
 * similarities makes one StudyService.provenance call. One resolver class per computed type (type-graphql binds
 * field resolvers to a type by class).
 */
export function provenanceResolver(type: ClassType): ClassType {
  @Resolver(() => type)
  class ProvenanceFieldResolver {
    @FieldResolver(() => Provenance, { description: 'Where this value came from (store key, producing stage, code version, backend, network, inputs).' })
    provenance(@Root() record: { provenanceKey: string }, @Ctx() ctx: ApiContext): Promise<ProvenanceRecord> {
      return ctx.provenance.load(record.provenanceKey).then((p) => p ?? missing(record.provenanceKey));
    }
  }
  Object.defineProperty(ProvenanceFieldResolver, 'name', { value: `${type.name}ProvenanceResolver` });
  return ProvenanceFieldResolver;
}

function missing(key: string): never {
  throw new DomainError('CORRUPT_ARTIFACT', `the store has no provenance for artifact '${key}'`, { value: key });
}

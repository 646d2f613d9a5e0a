import 'reflect-metadata';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../core/errors.js';
import type { StudyProgress } from '../study/service.js';
import type { ApiContext } from './context.js';
import { Progress } from './progress.type.js';

/** Progress of the study, and the admin-only recompute mutation. */
@Resolver()
export class AdminResolver {
  @Query(() => Progress, { description: 'What the pipeline is computing now (never cached).' })
  progress(@Ctx() ctx: ApiContext, @Info() info: GraphQLResolveInfo): StudyProgress {
    uncacheable(info);
    return ctx.study.progress();
  }

  @Mutation(() => Progress, {
    description: 'Computes whatever the store lacks for every served study (in the background; progress is the default study\'s) and drops the server\'s caches. FORBIDDEN unless the server has an admin token and the request sends it as "Authorization: Bearer <token>".',
  })
  recompute(@Ctx() ctx: ApiContext, @Info() info: GraphQLResolveInfo): StudyProgress {
    uncacheable(info);
    if (!ctx.admin) {
      throw new DomainError('FORBIDDEN', ctx.adminConfigured
        ? 'recompute needs the admin token: send "Authorization: Bearer <token>"'
        : 'recompute is disabled: the server has no admin token (set ARSA_ADMIN_TOKEN or --admin-token)');
    }
    ctx.invalidate();
    // Every served study, one after another (they share the store and the workers), then the caches are dropped.
    const all = ctx.studyIds.reduce<Promise<void>>((p, id) => p.then(() => ctx.forStudy(id).study.precompute()), Promise.resolve());
    void all.then(ctx.invalidate, (e: unknown) => console.error('recompute failed:', e));
    return ctx.study.progress();
  }
}

/** Marks the response uncacheable (Apollo cache-control hint maxAge 0). */
function uncacheable(info: GraphQLResolveInfo): void {
  (info as GraphQLResolveInfo & { cacheControl?: { setCacheHint(h: { maxAge: number }): void } }).cacheControl?.setCacheHint({ maxAge: 0 });
}

import 'reflect-metadata';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { requireServedStudy, studyClaims } from '../study/claims-service.js';
import { ClaimsArgs } from './claims.args.js';
import { claimOptions, claimSetView, type ClaimSetView } from './claims.view.js';
import { ClaimSet } from './claims.type.js';
import type { ApiContext } from './context.js';

@Resolver()
export class ClaimsResolver {
  @Query(() => ClaimSet, { description: 'Does the paper\'s result hold here? Every claim of the paper evaluated on the study (its own RDM convention): holds / fails / not computable, with the numbers used and the paper\'s.' })
  async claims(@Args(() => ClaimsArgs) a: ClaimsArgs, @Ctx() ctx: ApiContext): Promise<ClaimSetView> {
    const c = a.study == null ? ctx : ctx.forStudy(a.study);
    await requireServedStudy(c.study, a.study);
    return claimSetView(await studyClaims(c.study, claimOptions(a)));
  }
}

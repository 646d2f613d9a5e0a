import 'reflect-metadata';
import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RdmRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { byMethod, filterFields } from './catalog.js';
import { Connection, paginate, type Page } from './connection.js';
import { connectionComplexity } from './page.args.js';
import type { ApiContext } from './context.js';
import { RdmArgs } from './rdm.args.js';
import { Rdm } from './rdm.type.js';

export const RdmConnection = Connection(Rdm, 'Rdm');

@Resolver(() => Rdm)
export class RdmResolver {
  @Query(() => RdmConnection, { complexity: connectionComplexity, description: 'RDMs per layer or subject x ROI and stimulus kind.' })
  async rdms(@Args(() => RdmArgs) a: RdmArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<RdmRecord>>> {
    const f = await ctx.catalog.checked(filterFields(a, ['sourceKind', 'layer', 'subject', 'roi', 'stimulusKind']));
    return paginate(byMethod(await ctx.study.rdms(f), a.method), a);
  }

  @FieldResolver(() => Int, { description: 'Number of stimuli (rows = columns).' })
  size(@Root() r: RdmRecord): number {
    return r.stimulusIds.length;
  }
}

import 'reflect-metadata';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RoiSummary, SubjectRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { parseSubset } from '../study/output/subset.js';
import { requireFound } from '../core/errors.js';
import type { ApiContext } from './context.js';
import { ArrayDownload } from './download.type.js';
import type { ArrayDownload as ArrayDownloadRecord } from '../study/model.js';
import { DownloadArgs } from './download.args.js';
import { RoisArgs } from './subject.args.js';
import { Roi, Subject } from './subject.type.js';
import { scopeOf } from './scope.js';

@Resolver(() => Subject)
export class SubjectResolver {
  @Query(() => [Subject], { description: 'Subjects with their ROIs.' })
  subjects(@Ctx() ctx: ApiContext): Promise<Keyed<SubjectRecord>[]> {
    return ctx.study.subjects();
  }

  @Query(() => Subject, { description: 'One subject by id; UNKNOWN_SUBJECT lists the valid ids.' })
  async subject(@Arg('id', () => String) id: string, @Ctx() ctx: ApiContext): Promise<Keyed<SubjectRecord>> {
    const all = await ctx.study.subjects();
    return requireFound(all.find((s) => s.id === id), 'UNKNOWN_SUBJECT', 'subject', id, all.map((s) => s.id));
  }

  @Query(() => [Roi], { description: 'ROIs of every subject and hemisphere, filtered.' })
  async rois(@Args(() => RoisArgs) a: RoisArgs, @Ctx() ctx: ApiContext): Promise<RoiSummary[]> {
    await ctx.catalog.check(a);
    return (await ctx.study.subjects()).flatMap((s) => s.rois)
      .filter((r) => (a.subject == null || r.subject === a.subject) && (a.roi == null || r.roi === a.roi) && (a.hemisphere == null || r.hemisphere === a.hemisphere));
  }
}

@Resolver(() => Roi)
export class RoiResolver {
  @FieldResolver(() => ArrayDownload, { description: 'Responses of this subject x ROI (both hemispheres), [trials x stimuli x vertices].' })
  responses(@Root() r: RoiSummary, @Args(() => DownloadArgs) a: DownloadArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    return scopeOf(ctx, r).downloads.describe({ kind: 'responses', subject: r.subject, roi: r.roi }, a.format, parseSubset(a));
  }
}

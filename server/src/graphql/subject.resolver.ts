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
import { RoisArgs, SubjectRoisArgs } from './subject.args.js';
import { Roi, Subject } from './subject.type.js';
import { scopeOf } from './scope.js';
import { Vertex } from './vertex.type.js';
import type { VertexRecord } from '../study/model.js';

/** GraphQL floats cannot be NaN: an undefined reliability is served as null. */
const nullNaN = (v: VertexRecord): VertexRecord => (Number.isNaN(v.reliability) ? { ...v, reliability: null as unknown as number } : v);

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

/** Subject.rois with filters (a class of its own: SubjectResolver already has the `rois` query). */
@Resolver(() => Subject)
export class SubjectRoisResolver {
  @FieldResolver(() => [Roi], { description: 'This subject\'s ROIs per hemisphere, optionally only one ROI and/or hemisphere.' })
  rois(@Root() s: Keyed<SubjectRecord>, @Args(() => SubjectRoisArgs) a: SubjectRoisArgs): RoiSummary[] {
    return s.rois.filter((r) => (a.roi == null || r.roi === a.roi) && (a.hemisphere == null || r.hemisphere === a.hemisphere));
  }
}

@Resolver(() => Roi)
export class RoiResolver {
  @FieldResolver(() => [Vertex], { description: 'The vertices the selection kept in this subject x ROI x hemisphere, in vertex-table order, each with its reliability: nSelected of them, so medianReliabilitySelected can be recomputed.' })
  async selectedVertices(@Root() r: RoiSummary, @Ctx() ctx: ApiContext): Promise<VertexRecord[]> {
    return (await scopeOf(ctx, r).study.vertices({ subject: r.subject, roi: r.roi, hemisphere: r.hemisphere, selectedOnly: true })).map(nullNaN);
  }

  @FieldResolver(() => ArrayDownload, { description: 'Responses of the whole subject x ROI, [trials x stimuli x vertices]: the array holds both hemispheres (LH and RH vertices), not only this Roi object\'s hemisphere; the columns name each vertex, whose id carries its hemisphere.' })
  responses(@Root() r: RoiSummary, @Args(() => DownloadArgs) a: DownloadArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    return scopeOf(ctx, r).downloads.describe({ kind: 'responses', subject: r.subject, roi: r.roi }, a.format, parseSubset(a));
  }
}

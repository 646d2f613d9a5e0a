import 'reflect-metadata';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { LayerRecord, SubjectRecord } from '../study/model.js';
import type { Keyed, StudySummary } from '../study/service.js';
import { parseSubset } from '../study/output/subset.js';
import { DomainError } from '../core/errors.js';
import type { ApiContext } from './context.js';
import { ArrayDownload } from './download.type.js';
import type { ArrayDownload as ArrayDownloadRecord } from '../study/model.js';
import { RdmSetArgs, StimulusPixelsArgs } from './study.args.js';
import { Layer } from './layer.type.js';
import { Subject } from './subject.type.js';
import { Study } from './study.type.js';
import { layersOf, scopeOf, subjectsOf, tagged } from './scope.js';
import { ReCriterion } from './re-criterion.type.js';
import { reCriterion, type ReCriterion as ReCriterionRecord } from '../study/re-criterion.js';

type StudyRoot = Keyed<StudySummary>;

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => Study, { description: 'The default study served by this server; with `id`, that served study (UNKNOWN_STUDY lists the ids), whose fields and URLs are its own.' })
  async study(@Arg('id', () => ID, { nullable: true }) id: string | null, @Ctx() ctx: ApiContext): Promise<StudyRoot> {
    return id == null ? ctx.catalog.summary() : tagged(await ctx.forStudy(id).catalog.summary(), id);
  }

  @FieldResolver(() => [String])
  subjectIds(@Root() s: StudyRoot): readonly string[] {
    return s.subjects;
  }

  @FieldResolver(() => [String])
  layerNames(@Root() s: StudyRoot): readonly string[] {
    return s.layers;
  }

  @FieldResolver(() => [Subject])
  subjects(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): Promise<Keyed<SubjectRecord>[]> {
    return subjectsOf(scopeOf(ctx, s));
  }

  @FieldResolver(() => [Layer])
  layers(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): Promise<LayerRecord[]> {
    return layersOf(scopeOf(ctx, s));
  }

  @FieldResolver(() => ReCriterion, { description: 'The paper\'s RE criterion on this study\'s network: RE images classified correctly with p > 0.99.' })
  reCriterion(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): Promise<ReCriterionRecord> {
    return scopeOf(ctx, s).study.stimuli({ kind: 'RE' }).then((rs) => reCriterion(rs));
  }

  @FieldResolver(() => ArrayDownload, { description: 'All RDMs of one source kind (every layer, or every subject x ROI) as one array.' })
  rdmSet(@Root() s: StudyRoot, @Args(() => RdmSetArgs) a: RdmSetArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    if (a.rows != null && a.stimuli != null && a.rows !== a.stimuli) throw new DomainError('BAD_USER_INPUT', `rdmSet: give rows or the deprecated stimuli, not both ('${a.rows}' vs '${a.stimuli}')`);
    return scopeOf(ctx, s).downloads.describe({ kind: 'rdms', sourceKind: a.sourceKind }, a.format, parseSubset({ stimuli: a.rows ?? a.stimuli ?? null, columns: a.columns ?? null }));
  }

  @FieldResolver(() => ArrayDownload, { description: 'Pixels of every stimulus of a kind, [stimuli x height*width*3], network input space.' })
  stimulusPixels(@Root() s: StudyRoot, @Args(() => StimulusPixelsArgs) a: StimulusPixelsArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    return scopeOf(ctx, s).downloads.describe({ kind: 'stimuli', stimulusKind: a.kind }, a.format, parseSubset(a));
  }
}

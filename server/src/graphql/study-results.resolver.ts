import 'reflect-metadata';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { EncodingRecord, LayerRecord, PowerRecord, RdmRecord, SearchlightMap as SearchlightRecord, SimilarityRecord, DifferenceRecord, StimulusRecord, SubjectRecord, TrendRecord } from '../study/model.js';
import type { Keyed, StudyProgress, StudySummary } from '../study/service.js';
import { PipelineStudyService } from '../study/study-service.js';
import { AdminResolver } from './admin.resolver.js';
import { ClaimsResolver } from './claims.resolver.js';
import { EncodingVariantArgs } from './claims.args.js';
import { ClaimSet } from './claims.type.js';
import type { ClaimSetView } from './claims.view.js';
import { connectionComplexity } from './page.args.js';
import type { Page } from './connection.js';
import type { ApiContext } from './context.js';
import { EncodingArgs } from './encoding.args.js';
import { ExportResolver } from './export.resolver.js';
import { ExportLink } from './export.type.js';
import { GridCellsArgs } from './grid.args.js';
import { GridResolver } from './grid.resolver.js';
import { Grid } from './grid.type.js';
import { Layer } from './layer.type.js';
import { LayerResolver } from './layer.resolver.js';
import { Power } from './power.type.js';
import { Progress } from './progress.type.js';
import { RdmArgs } from './rdm.args.js';
import { RdmConnection, RdmResolver } from './rdm.resolver.js';
import { EncodingConnection, ResultsResolver, SearchlightConnection } from './results.resolver.js';
import { inScope, scopeOf, tagged, taggedAll } from './scope.js';
import { SearchlightArgs } from './searchlight.args.js';
import { SimilarityArgs } from './similarity.args.js';
import { DifferenceConnection, DifferenceResolver, SimilarityConnection, SimilarityResolver } from './similarity.resolver.js';
import { SourceArgs } from './source.args.js';
import { StimuliArgs } from './stimulus.args.js';
import { StimulusConnection, StimulusResolver } from './stimulus.resolver.js';
import { Stimulus } from './stimulus.type.js';
import { Study } from './study.type.js';
import { Subject } from './subject.type.js';
import { SubjectResolver } from './subject.resolver.js';
import { Trend } from './trend.type.js';

type StudyRoot = Keyed<StudySummary>;

/**
 * Several studies in one service (issue 11, item 4): `studies`, and every result field of the root on the Study
 * type, answered for that study (ROI records: Study.subjects { rois }, since Study.rois is the ROI names). Each field is the root field's resolver run with the study's context
 * (ctx.forStudy), so the two can never disagree; the root fields keep answering the default study unchanged.
 */
@Resolver(() => Study)
export class StudyResultsResolver {
  @Query(() => [Study], { description: 'Every study this server serves, the default (the one the root fields answer) first.' })
  async studies(@Ctx() ctx: ApiContext): Promise<StudyRoot[]> {
    return Promise.all(ctx.studyIds.map(async (id) => tagged(await ctx.forStudy(id).catalog.summary(), id)));
  }

  @FieldResolver(() => Boolean, { description: 'True for the default study (the one the root fields and root URLs serve).' })
  isDefault(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): boolean {
    return s.id === ctx.studyIds[0];
  }

  @FieldResolver(() => StimulusConnection, { complexity: connectionComplexity, description: 'This study\'s stimuli (as Query.stimuli).' })
  async stimuli(@Root() s: StudyRoot, @Args(() => StimuliArgs) a: StimuliArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<StimulusRecord>>> {
    const c = scopeOf(ctx, s);
    return tagPage(c, await new StimulusResolver().stimuli(a, c));
  }

  @FieldResolver(() => Stimulus, { description: 'One of this study\'s stimuli by id (as Query.stimulus).' })
  async stimulus(@Root() s: StudyRoot, @Arg('id', () => String) id: string, @Ctx() ctx: ApiContext): Promise<Keyed<StimulusRecord>> {
    const c = scopeOf(ctx, s);
    return inScope(c, [await new StimulusResolver().stimulus(id, c)])[0]!;
  }

  @FieldResolver(() => Layer, { description: 'One of this study\'s layers by name (as Query.layer).' })
  async layer(@Root() s: StudyRoot, @Arg('name', () => String) name: string, @Ctx() ctx: ApiContext): Promise<LayerRecord> {
    const c = scopeOf(ctx, s);
    return inScope(c, [await new LayerResolver().layer(name, c)])[0]!;
  }

  @FieldResolver(() => Subject, { description: 'One of this study\'s subjects by id (as Query.subject).' })
  async subject(@Root() s: StudyRoot, @Arg('id', () => String) id: string, @Ctx() ctx: ApiContext): Promise<Keyed<SubjectRecord>> {
    const c = scopeOf(ctx, s);
    const r = await new SubjectResolver().subject(id, c);
    return c.urlStudy === undefined ? r : { ...tagged(r, c.studyId), rois: taggedAll(r.rois, c.studyId) };
  }

  @FieldResolver(() => RdmConnection, { complexity: connectionComplexity, description: 'This study\'s RDMs (as Query.rdms).' })
  rdms(@Root() s: StudyRoot, @Args(() => RdmArgs) a: RdmArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<RdmRecord>>> {
    return new RdmResolver().rdms(a, scopeOf(ctx, s));
  }

  @FieldResolver(() => SimilarityConnection, { complexity: connectionComplexity, description: 'This study\'s similarities (as Query.similarities).' })
  similarities(@Root() s: StudyRoot, @Args(() => SimilarityArgs) a: SimilarityArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<SimilarityRecord>>> {
    return new SimilarityResolver().similarities(a, scopeOf(ctx, s));
  }

  @FieldResolver(() => DifferenceConnection, { complexity: connectionComplexity, description: 'This study\'s RE-AI minus RE-AN differences (as Query.differences).' })
  differences(@Root() s: StudyRoot, @Args(() => SourceArgs) a: SourceArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<DifferenceRecord>>> {
    return new DifferenceResolver().differences(a, scopeOf(ctx, s));
  }

  @FieldResolver(() => [Trend], { description: 'This study\'s trends over layers (as Query.trends).' })
  trends(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): Promise<Keyed<TrendRecord>[]> {
    return new ResultsResolver().trends(scopeOf(ctx, s));
  }

  @FieldResolver(() => SearchlightConnection, { complexity: connectionComplexity, description: 'This study\'s searchlight maps (as Query.searchlight).' })
  searchlight(@Root() s: StudyRoot, @Args(() => SearchlightArgs) a: SearchlightArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<SearchlightRecord>>> {
    return new ResultsResolver().searchlight(a, scopeOf(ctx, s));
  }

  @FieldResolver(() => EncodingConnection, { complexity: connectionComplexity, description: 'This study\'s encoding models (as Query.encoding).' })
  encoding(@Root() s: StudyRoot, @Args(() => EncodingArgs) a: EncodingArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<EncodingRecord>>> {
    return new ResultsResolver().encoding(a, scopeOf(ctx, s));
  }

  @FieldResolver(() => [Power], { description: 'This study\'s power analysis (as Query.power).' })
  power(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): Promise<Keyed<PowerRecord>[]> {
    return new ResultsResolver().power(scopeOf(ctx, s));
  }

  @FieldResolver(() => ClaimSet, { description: 'Does the paper\'s result hold here? The paper\'s claims on this study (as Query.claims(study:)).' })
  claims(@Root() s: StudyRoot, @Args(() => EncodingVariantArgs) a: EncodingVariantArgs, @Ctx() ctx: ApiContext): Promise<ClaimSetView> {
    return new ClaimsResolver().claims({ ...a, study: s.id }, ctx);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'This study\'s convention grid (as Query.grid(study:)); cells are computed by `seed --grid`. Null when the study is not served by the pipeline (a test double), which has no grid.' })
  async grid(@Root() s: StudyRoot, @Args(() => GridCellsArgs) a: GridCellsArgs, @Ctx() ctx: ApiContext): Promise<Awaited<ReturnType<GridResolver['grid']>> | null> {
    if (!(scopeOf(ctx, s).study instanceof PipelineStudyService)) return null;
    return new GridResolver().grid({ ...a, study: s.id }, ctx);
  }

  @FieldResolver(() => Progress, { description: 'What the pipeline is computing for this study now (never cached).' })
  progress(@Root() s: StudyRoot, @Ctx() ctx: ApiContext, @Info() info: GraphQLResolveInfo): StudyProgress {
    return new AdminResolver().progress(scopeOf(ctx, s), info);
  }

  @FieldResolver(() => [ExportLink], { description: 'Bulk exports of this study, with URLs that name it (/studies/<id>/export/...).' })
  exports(@Root() s: StudyRoot, @Ctx() ctx: ApiContext): ExportLink[] {
    return new ExportResolver().exports(scopeOf(ctx, s));
  }
}

function tagPage<T extends object>(c: ApiContext, page: Page<T>): Page<T> {
  if (c.urlStudy === undefined) return page;
  const nodes = taggedAll(page.nodes, c.studyId);
  return { ...page, nodes, edges: page.edges.map((e, i) => ({ ...e, node: nodes[i]! })) };
}

import 'reflect-metadata';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
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
import { ReCriterion } from './re-criterion.type.js';
import { reCriterion, type ReCriterion as ReCriterionRecord } from '../study/re-criterion.js';

type StudyRoot = Keyed<StudySummary>;

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => Study, { description: 'The study served by this server.' })
  study(@Ctx() ctx: ApiContext): Promise<StudyRoot> {
    return ctx.catalog.summary();
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
  subjects(@Ctx() ctx: ApiContext): Promise<Keyed<SubjectRecord>[]> {
    return ctx.study.subjects();
  }

  @FieldResolver(() => [Layer])
  layers(@Ctx() ctx: ApiContext): Promise<LayerRecord[]> {
    return ctx.study.layers();
  }

  @FieldResolver(() => ReCriterion, { description: 'The paper\'s RE criterion on this study\'s network: RE images classified correctly with p > 0.99.' })
  reCriterion(@Ctx() ctx: ApiContext): Promise<ReCriterionRecord> {
    return ctx.study.stimuli({ kind: 'RE' }).then((rs) => reCriterion(rs));
  }

  @FieldResolver(() => ArrayDownload, { description: 'All RDMs of one source kind (every layer, or every subject x ROI) as one array.' })
  rdmSet(@Args(() => RdmSetArgs) a: RdmSetArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    if (a.rows != null && a.stimuli != null && a.rows !== a.stimuli) throw new DomainError('BAD_USER_INPUT', `rdmSet: give rows or the deprecated stimuli, not both ('${a.rows}' vs '${a.stimuli}')`);
    return ctx.downloads.describe({ kind: 'rdms', sourceKind: a.sourceKind }, a.format, parseSubset({ stimuli: a.rows ?? a.stimuli ?? null, columns: a.columns ?? null }));
  }

  @FieldResolver(() => ArrayDownload, { description: 'Pixels of every stimulus of a kind, [stimuli x height*width*3], network input space.' })
  stimulusPixels(@Args(() => StimulusPixelsArgs) a: StimulusPixelsArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    return ctx.downloads.describe({ kind: 'stimuli', stimulusKind: a.kind }, a.format, parseSubset(a));
  }
}

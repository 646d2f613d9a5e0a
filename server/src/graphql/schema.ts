import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AdminResolver } from './admin.resolver.js';
import { ClaimsResolver } from './claims.resolver.js';
import { DifferenceResolver, SimilarityResolver } from './similarity.resolver.js';
import { ExportResolver } from './export.resolver.js';
import { GridResolver } from './grid.resolver.js';
import { GridDrawsResolver } from './grid-draws.resolver.js';
import { EncodingResult } from './encoding.type.js';
import { LayerResolver } from './layer.resolver.js';
import { Power } from './power.type.js';
import { provenanceResolver } from './provenance.resolver.js';
import { ProvenanceQueryResolver } from './provenance-query.resolver.js';
import { Rdm } from './rdm.type.js';
import { RdmResolver } from './rdm.resolver.js';
import { ResultsResolver } from './results.resolver.js';
import { SearchlightMap } from './searchlight.type.js';
import { Difference, Similarity } from './similarity.type.js';
import { Stimulus } from './stimulus.type.js';
import { StimulusResolver } from './stimulus.resolver.js';
import { Study } from './study.type.js';
import { StudyResolver } from './study.resolver.js';
import { StudyResultsResolver } from './study-results.resolver.js';
import { Subject } from './subject.type.js';
import { RoiResolver, SubjectResolver, SubjectRoisResolver } from './subject.resolver.js';
import { ArrayDownloadResolver } from './download.resolver.js';
import { Trend } from './trend.type.js';

/** Every computed type carries `provenance`, resolved through the request's DataLoader. */
const COMPUTED_TYPES = [Study, Stimulus, Subject, Rdm, Similarity, Difference, Trend, SearchlightMap, EncodingResult, Power];

const RESOLVERS = [
  StudyResolver, LayerResolver, SubjectResolver, RoiResolver, StimulusResolver, RdmResolver, SimilarityResolver,
  DifferenceResolver, ResultsResolver, AdminResolver, ExportResolver, ClaimsResolver, GridResolver, GridDrawsResolver, ArrayDownloadResolver, SubjectRoisResolver,
  ProvenanceQueryResolver, StudyResultsResolver, ...COMPUTED_TYPES.map(provenanceResolver),
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * The executable schema, built once per process (type-graphql metadata is global). Arguments are validated by
 * class-validator at the edge (`validate`), before any resolver runs.
 */
export function buildApiSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as unknown as [Function, ...Function[]],
    validate: { forbidUnknownValues: false },
  });
  return built;
}

/** SDL as committed in schema/schema.graphql: sorted, so that the file changes only when the schema does. */
export async function printApiSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildApiSchema())) + '\n';
}

/** Static CSV endpoints of each served study: /studies/<id>/data/<figure>.csv, the values its figures were drawn from. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { EXPORTS, exportsOf, toCsv, type ExportName } from '../../../../lib/exports.js';
import { studyLoaders } from '../../../../lib/study-loaders.js';
import { servedStudyIds } from '../../../../lib/study-paths.js';

export const getStaticPaths: GetStaticPaths = async () => (await servedStudyIds()).flatMap((id) => Object.keys(EXPORTS).map((name) => ({ params: { id, name } })));

export const GET: APIRoute = async ({ params }) => {
  const rows = await exportsOf(studyLoaders(params.id!))[params.name as ExportName]();
  return new Response(toCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};

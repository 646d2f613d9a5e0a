/** Static CSV endpoints: /data/<figure>.csv, the values each figure was drawn from (lib/exports.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { EXPORTS, toCsv, type ExportName } from '../../lib/exports.js';

export const getStaticPaths: GetStaticPaths = () => Object.keys(EXPORTS).map((name) => ({ params: { name } }));

export const GET: APIRoute = async ({ params }) => {
  const rows = await EXPORTS[params.name as ExportName]();
  return new Response(toCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};

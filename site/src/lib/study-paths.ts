/**
 * URLs of one study's pages and downloads on the site: the root pages (study undefined) keep their own URLs
 * (/fig1/, /data/fig1.csv, /export/...); a study's pages live under /studies/<id>/ and link to its own CSVs and
 * to the service's exports that name it (/studies/<id>/export/...).
 */
import { csvLink, type ExportName } from './exports.js';
import { runDocument } from './graphql.js';
import { StudyIdsDocument } from './generated/graphql.js';
import type { Download } from './api.js';

export function studyHref(study: string | undefined, path: string): string {
  return study === undefined ? path : `/studies/${encodeURIComponent(study)}${path}`;
}

/** The site's CSV of a figure's values for this study (lib/exports.ts rows; /studies/<id>/data/<name>.csv). */
export function studyCsv(study: string | undefined, name: ExportName, label?: string): Download {
  const root = csvLink(name, label);
  return study === undefined ? root : { ...root, url: studyHref(study, root.url) };
}

/** The service's bulk exports of this study whose set name is one of `names` (root: /export/<n>.*). */
export function studyExports(study: string | undefined, downloads: readonly Download[], ...names: string[]): Download[] {
  const prefix = studyHref(study, '/export/');
  return downloads.filter((d) => names.some((n) => d.url.startsWith(`${prefix}${n}.`)));
}

/** The served studies, for the per-study routes' getStaticPaths. */
export async function servedStudyIds(): Promise<string[]> {
  const d = await runDocument(StudyIdsDocument);
  return d.studies.map((s) => s.id);
}

/** The figure pages of a study, in the order the overview and the study nav list them. */
export const FIGURE_PAGES: readonly (readonly [path: string, nav: string, name: string, what: string])[] = [
  ['/fig1/', 'Fig. 1', 'Figure 1', 'RE, AN and AI stimuli with the network\'s labels and the human percepts'],
  ['/fig2/', 'Fig. 2', 'Figure 2', 'ROIs on the flattened cortex; example RE, AN and AI RDMs'],
  ['/fig3/', 'Fig. 3', 'Figure 3', 'RE-AN vs RE-AI similarity per subject and ROI'],
  ['/fig4/', 'Fig. 4', 'Figure 4', 'Searchlight maps of RE-AN and RE-AI similarity'],
  ['/fig5/', 'Fig. 5', 'Figure 5', 'RE-AN vs RE-AI similarity across network layers, with the trend test'],
  ['/fig6/', 'Fig. 6', 'Figure 6', 'Encoding models trained on RE, tested on AN and AI'],
  ['/power/', 'Power', 'Power', 'Post hoc power of the brain RSA result'],
  ['/gallery/', 'Gallery', 'Gallery', 'Every stimulus'],
  ['/browse/', 'Browse', 'Browse', 'Per subject x ROI and per layer: RDMs, similarities, encoding results, downloads'],
  ['/claims/', 'Claims', 'Claims', 'Does the paper\'s result hold here?'],
];

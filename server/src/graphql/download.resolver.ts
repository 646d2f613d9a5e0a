import 'reflect-metadata';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ArrayDownload as ArrayDownloadRecord, ArrayLabels as ArrayLabelsRecord } from '../study/model.js';
import type { ApiContext } from './context.js';
import { ArrayDownload, ArrayLabels } from './download.type.js';
import { labelsUrl } from '../study/output/file-names.js';
import { parseStudyPath } from '../study/output/study-urls.js';

@Resolver(() => ArrayDownload)
export class ArrayDownloadResolver {
  @FieldResolver(() => ArrayLabels, { description: 'What the array holds, axis by axis: row and column ids, study, simulated flag, provenance key (read only when asked for).' })
  labels(@Root() d: ArrayDownloadRecord, @Ctx() ctx: ApiContext): Promise<ArrayLabelsRecord> {
    // A URL under /studies/<id>/ is that study's array: its own downloads read it (study-urls.ts).
    const u = new URL(d.url, 'http://localhost');
    const at = parseStudyPath(u.pathname.split('/').filter(Boolean).map(decodeURIComponent));
    return at ? ctx.forStudy(at.study).downloads.labelsAt(`/${at.rest.map(encodeURIComponent).join('/')}${u.search}`) : ctx.downloads.labelsAt(d.url);
  }

  @FieldResolver(() => String, { description: 'URL of the labels sidecar (JSON: rows, columns, study, simulated, studyProvenanceKey) for the same array and subset, to keep beside a saved .npy.' })
  labelsUrl(@Root() d: ArrayDownloadRecord): string {
    return labelsUrl(d.url);
  }
}

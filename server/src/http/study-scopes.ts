import type { StudyService } from '../study/service.js';
import { DownloadService } from '../study/output/download-service.js';
import { StudySet } from '../study/study-set.js';
import { cachedStudy } from './study-cache.js';

/** One served study's process-wide services: the memoized StudyService and its array downloads. */
export interface StudyScope {
  readonly id: string;
  readonly study: StudyService;
  /** Downloads whose URLs name the study (/studies/<id>/arrays/...). */
  readonly downloads: DownloadService;
}

export interface StudyScopes {
  /** Every served study by id, the default first. */
  readonly set: StudySet<StudyScope>;
  /** The default study with the root URLs (/arrays/..., /export/..., /stimuli/...), as before several studies. */
  readonly root: StudyScope;
  /** Drops every memo of every study (after a recompute). */
  clear(): void;
  /** Bytes the studies' memos hold, all studies together. */
  heldBytes(): number;
}

/**
 * Memos per study (house style 8: nothing computed for one study is served for another): each study gets its own
 * cachedStudy and DownloadService; ids are read from the studies' summaries and must be unique (StudySet).
 */
export async function studyScopes(studies: readonly StudyService[], memoBytes?: number): Promise<StudyScopes> {
  // memoBytes bounds each study's memo (cachedStudy's default when unset).
  const cached = studies.map((s) => cachedStudy(s, memoBytes));
  // The ids without computing: a cold study's summary() waits for its brain data, and the server must listen at
  // once (start's progress page); a study without studyId (a test double) answers through its summary.
  const ids = await Promise.all(studies.map(async (s, i) => s.studyId ?? (await cached[i]!.study.summary()).id));
  const downloads: DownloadService[] = [];
  const entries = cached.map((c, i) => {
    const d = new DownloadService(c.study, undefined, ids[i]);
    downloads.push(d);
    return { id: ids[i]!, value: { id: ids[i]!, study: c.study, downloads: d } };
  });
  const set = new StudySet(entries);
  const rootDownloads = new DownloadService(cached[0]!.study);
  return {
    set,
    root: { id: set.defaultId, study: cached[0]!.study, downloads: rootDownloads },
    heldBytes: () => cached.reduce((n, c) => n + c.heldBytes(), 0),
    clear: () => {
      for (const c of cached) c.clear();
      for (const d of [...downloads, rootDownloads]) d.clear();
    },
  };
}

import { DomainError, unknownName } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { encodeNpy } from '../../core/npy.js';
import type { ArrayDownload, ArrayLabels } from '../model.js';
import type { ArrayRef, ArraySubset, StudyService } from '../service.js';
import { arrayUrl, parseArrayPath, type ArrayFormat } from './array-urls.js';
import { arrayToCsv } from './csv.js';
import { parseSubset, subsetShape } from './subset.js';

export interface EncodedArray {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/**
 * Arrays as files: describes and encodes (.npy via core/npy.ts, .csv via csv.ts) what StudyService.readArray
 * returns. Encoded bodies are immutable per (ref, format, subset) while the study is unchanged, so they are kept in
 * a byte-bounded LRU and computed once however many requests ask at the same time (the promise is shared).
 * `clear()` drops everything after a recompute.
 */
export class DownloadService {
  private readonly cache = new Map<string, { promise: Promise<EncodedArray>; bytes: number }>();
  private cachedBytes = 0;
  private summary: ReturnType<StudyService['summary']> | undefined;

  /** `urlStudy`: the study id its URLs name (/studies/<id>/arrays/...); unset, the root URLs of the default study. */
  constructor(private readonly study: StudyService, private readonly maxCacheBytes = 256 * 1024 * 1024, private readonly urlStudy?: string) {}

  clear(): void {
    this.cache.clear();
    this.cachedBytes = 0;
    this.summary = undefined;
  }

  /** Refuses layers and subjects the study does not have (UNKNOWN_LAYER, UNKNOWN_SUBJECT), listing the valid ones. */
  async check(ref: ArrayRef): Promise<void> {
    this.summary ??= this.study.summary();
    const s = await this.summary;
    if (ref.kind === 'activations' && !s.layers.includes(ref.layer)) throw unknownName('UNKNOWN_LAYER', 'layer', ref.layer, s.layers);
    if (ref.kind === 'responses') {
      if (!s.subjects.includes(ref.subject)) throw unknownName('UNKNOWN_SUBJECT', 'subject', ref.subject, s.subjects);
      if (!s.rois.includes(ref.roi)) throw unknownName('UNKNOWN_ROI', 'ROI', ref.roi, s.rois);
    }
  }

  /** The download object of the API. A whole .npy is described by the store without reading it. */
  async describe(ref: ArrayRef, format: ArrayFormat, subset?: ArraySubset): Promise<ArrayDownload> {
    await this.check(ref);
    const url = arrayUrl(ref, format, subset, this.urlStudy);
    if (format === 'npy' && !subset) {
      const d = await this.study.describeArray(ref);
      return { ...d, url, format };
    }
    if (subset) subsetShape((await this.study.describeArray(ref)).shape, subset);
    const e = await this.encode(ref, format, subset);
    return { url, format, shape: e.shape, dtype: e.dtype, contentLength: e.bytes.byteLength, sha256: e.sha256 };
  }

  /** The labels of the array a download URL (ArrayDownload.url, from arrayUrl) serves. */
  labelsAt(url: string): Promise<ArrayLabels> {
    const u = new URL(url, 'http://localhost');
    const segments = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== 'arrays') throw new DomainError('NOT_FOUND', `'${url}' is not an array download URL`, { value: url });
    const { ref } = parseArrayPath(segments.slice(1));
    return this.labels(ref, parseSubset({ stimuli: u.searchParams.get('stimuli'), columns: u.searchParams.get('columns') }));
  }

  /** The labels of the (subset of the) array: row and column ids, study, simulated flag, provenance key. */
  async labels(ref: ArrayRef, subset?: ArraySubset): Promise<ArrayLabels> {
    await this.check(ref);
    this.summary ??= this.study.summary();
    const [s, arr] = await Promise.all([this.summary, this.study.readArray(ref, subset)]);
    const nCols = arr.shape.at(-1) ?? 0;
    // Brain responses and subject RDMs come from the subjects; network activations and pixels never are simulated.
    const fromSubjects = ref.kind === 'responses' || (ref.kind === 'rdms' && ref.sourceKind === 'roi');
    return {
      rows: arr.rowIds, columns: arr.colIds.length === nCols && nCols > 0 ? arr.colIds : null,
      study: s.id, simulated: fromSubjects && s.simulated, studyProvenanceKey: s.provenanceKey,
    };
  }

  /** The bytes served for (ref, format, subset); validated like `describe`. */
  async encode(ref: ArrayRef, format: ArrayFormat, subset?: ArraySubset): Promise<EncodedArray> {
    const key = arrayUrl(ref, format, subset);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used last
      return hit.promise;
    }
    await this.check(ref);
    if (subset) subsetShape((await this.study.describeArray(ref)).shape, subset);
    const again = this.cache.get(key);
    if (again) return again.promise;
    const entry = { promise: this.compute(ref, format, subset), bytes: 0 };
    this.cache.set(key, entry);
    entry.promise.then(
      (e) => {
        if (this.cache.get(key) !== entry) return;
        entry.bytes = e.bytes.byteLength;
        this.cachedBytes += entry.bytes;
        this.evict();
      },
      () => { if (this.cache.get(key) === entry) this.cache.delete(key); },
    );
    return entry.promise;
  }

  private async compute(ref: ArrayRef, format: ArrayFormat, subset?: ArraySubset): Promise<EncodedArray> {
    const arr = await this.study.readArray(ref, subset);
    const dtype = arr.data instanceof Float32Array ? '<f4' : '<f8';
    const bytes = format === 'npy'
      ? encodeNpy({ shape: arr.shape, data: arr.data })
      : new TextEncoder().encode(arrayToCsv(arr));
    if (bytes.byteLength === 0) throw new DomainError('BAD_DATA', `array ${arrayUrl(ref, format, subset)} is empty`);
    return { bytes, sha256: sha256(bytes), shape: arr.shape, dtype };
  }

  private evict(): void {
    for (const [key, entry] of this.cache) {
      if (this.cachedBytes <= this.maxCacheBytes) break;
      if (entry.bytes === 0) continue; // still computing
      this.cache.delete(key);
      this.cachedBytes -= entry.bytes;
    }
  }
}

import DataLoader from 'dataloader';
import type { Provenance } from '../study/model.js';
import type { StudyService } from '../study/service.js';
import type { DownloadService } from '../study/output/download-service.js';
import type { StudySet } from '../study/study-set.js';
import { Catalog } from './catalog.js';

/**
 * Per-request state: DataLoaders and the catalog live here and die with the request (house style 12). The
 * services are process-wide.
 */
export interface ApiContext {
  readonly study: StudyService;
  readonly downloads: DownloadService;
  readonly catalog: Catalog;
  readonly provenance: DataLoader<string, Provenance | null>;
  /** True when an admin token is configured and the request's bearer token matches it. */
  readonly admin: boolean;
  readonly adminConfigured: boolean;
  /** Clears process-wide caches after a recompute. */
  readonly invalidate: () => void;
  /** Id of the study this context answers for (the default study at the root). */
  readonly studyId: string;
  /** The study its URLs name (/studies/<id>/...), or undefined for the root URLs of the default study. */
  readonly urlStudy: string | undefined;
  /** Ids of every served study, the default first. */
  readonly studyIds: readonly string[];
  /**
   * The context of one served study (null/undefined: the default), with URLs that name it; UNKNOWN_STUDY lists
   * the served ids. Made once per request and study, so its DataLoader and catalog are shared within the request.
   */
  forStudy(id?: string | null): ApiContext;
}

/** A served study's process-wide services (http/study-scopes.ts builds them, one memo set per study). */
export interface ServedStudy {
  readonly id: string;
  readonly study: StudyService;
  readonly downloads: DownloadService;
}

export interface ContextDeps {
  readonly study: StudyService;
  readonly downloads: DownloadService;
  readonly adminToken: string | undefined;
  readonly invalidate: () => void;
  /** Every served study, the default first (its `study` is the one above). */
  readonly studies: StudySet<ServedStudy>;
}

export function createContext(deps: ContextDeps, authorization: string | undefined): ApiContext {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const admin = deps.adminToken !== undefined && deps.adminToken !== '' && bearer !== undefined && timingSafeEqualText(bearer, deps.adminToken);
  const adminConfigured = deps.adminToken !== undefined && deps.adminToken !== '';
  const studies = deps.studies;
  const scoped = new Map<string, ApiContext>();
  const make = (s: ServedStudy, urlStudy: string | undefined, provenance: (keys: readonly string[]) => Promise<(Provenance | null)[]>): ApiContext => ({
    study: s.study,
    downloads: s.downloads,
    catalog: new Catalog(s.study),
    // One batched StudyService.provenance call per tick of a request, each key fetched once.
    provenance: new DataLoader<string, Provenance | null>((keys) => provenance(keys), { maxBatchSize: 1000 }),
    admin,
    adminConfigured,
    invalidate: deps.invalidate,
    studyId: s.id,
    urlStudy,
    studyIds: studies.ids,
    forStudy(id) {
      const target = studies.get(id);
      let c = scoped.get(target.id);
      if (!c) {
        c = make(target, target.id, (keys) => target.study.provenance(keys));
        scoped.set(target.id, c);
      }
      return c;
    },
  });
  const rootStudy: ServedStudy = { id: studies.defaultId, study: deps.study, downloads: deps.downloads };
  // A record reached at the root may come from any study (keys are content addresses): ask each in turn for the misses.
  return make(rootStudy, undefined, (keys) => provenanceAcross(studies.values().map((s) => s.study), keys));
}

async function provenanceAcross(studies: readonly StudyService[], keys: readonly string[]): Promise<(Provenance | null)[]> {
  const out: (Provenance | null)[] = keys.map(() => null);
  for (const s of studies) {
    const missing = out.flatMap((p, i) => (p === null ? [i] : []));
    if (missing.length === 0) break;
    const got = await s.provenance(missing.map((i) => keys[i]!));
    missing.forEach((i, j) => { out[i] = got[j] ?? null; });
  }
  return out;
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

import DataLoader from 'dataloader';
import type { Provenance } from '../study/model.js';
import type { StudyService } from '../study/service.js';
import type { DownloadService } from '../study/output/download-service.js';
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
}

export interface ContextDeps {
  readonly study: StudyService;
  readonly downloads: DownloadService;
  readonly adminToken: string | undefined;
  readonly invalidate: () => void;
}

export function createContext(deps: ContextDeps, authorization: string | undefined): ApiContext {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return {
    study: deps.study,
    downloads: deps.downloads,
    catalog: new Catalog(deps.study),
    // One batched StudyService.provenance call per tick of a request, each key fetched once.
    provenance: new DataLoader<string, Provenance | null>((keys) => deps.study.provenance(keys), { maxBatchSize: 1000 }),
    admin: deps.adminToken !== undefined && deps.adminToken !== '' && bearer !== undefined && timingSafeEqualText(bearer, deps.adminToken),
    adminConfigured: deps.adminToken !== undefined && deps.adminToken !== '',
    invalidate: deps.invalidate,
  };
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

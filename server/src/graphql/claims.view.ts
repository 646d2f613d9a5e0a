import type { ClaimOptions } from '../analysis/claims/types.js';
import type { ClaimSet } from '../study/claims-service.js';

/** A claim set as the GraphQL type reads it: with its status counts. */
export type ClaimSetView = ClaimSet & { readonly holds: number; readonly fails: number; readonly notComputable: number };

export function claimSetView(s: ClaimSet): ClaimSetView {
  const n = (status: string) => s.claims.filter((c) => c.status === status).length;
  return { ...s, holds: n('holds'), fails: n('fails'), notComputable: n('not_computable') };
}

/** Claim options from optional GraphQL arguments (absent and null both mean the default). */
export function claimOptions(a: { encodingFamily?: ClaimOptions['encodingFamily'] | null; encodingReading?: ClaimOptions['encodingReading'] | null }): ClaimOptions {
  return { ...(a.encodingFamily ? { encodingFamily: a.encodingFamily } : {}), ...(a.encodingReading ? { encodingReading: a.encodingReading } : {}) };
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The import graph of server/src, read from the TypeScript sources: every static `import ... from`, `export ...
 * from` and dynamic `import('...')` of a relative path. Type-only imports count too: a type defined in an upper
 * room and named below is the "vocabulary in an upper room" the floors forbid.
 */
export interface ImportEdge {
  /** Importing file, relative to server/src, with forward slashes. */
  readonly from: string;
  /** Imported file, relative to server/src (the .js specifier as written, resolved). */
  readonly to: string;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Strips comments so that an import quoted in a doc comment is not an edge. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importEdges(root: string): ImportEdge[] {
  const abs = resolve(root);
  const rel = (p: string): string => relative(abs, p).split(sep).join('/');
  const out: ImportEdge[] = [];
  for (const file of sourceFiles(abs)) {
    const text = code(readFileSync(file, 'utf8'));
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const target = rel(resolve(dirname(file), spec));
      if (!target.startsWith('..')) out.push({ from: rel(file), to: target });
    }
  }
  return out;
}

/** The room (top-level folder under server/src) of a file; files at the top are room ".". */
export function roomOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Room-level edges, with the files that make each one. */
export function roomEdges(edges: readonly ImportEdge[]): Map<string, ImportEdge[]> {
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    const a = roomOf(e.from);
    const b = roomOf(e.to);
    if (a === b) continue;
    const k = `${a} -> ${b}`;
    out.set(k, [...(out.get(k) ?? []), e]);
  }
  return out;
}

/** Every cycle of the room graph, each as its rooms in order (Tarjan's strongly connected components, size > 1). */
export function roomCycles(pairs: readonly string[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const p of pairs) {
    const [a, b] = p.split(' -> ') as [string, string];
    adj.set(a, [...(adj.get(a) ?? []), b]);
    if (!adj.has(b)) adj.set(b, []);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); on.add(v);
    for (const w of adj.get(v)!) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...adj.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/**
 * The allowed exceptions of docs/architecture.md: lines of its "Allowed exceptions" section of the form
 * "- `from -> to`: reason". A line without a reason is refused, so every exception says why.
 */
export function allowedExceptions(markdown: string): Map<string, string> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Allowed exceptions'));
  if (!section) throw new Error('docs/architecture.md has no "## Allowed exceptions" section');
  const out = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^- `([a-z.]+ -> [a-z.]+)`:?\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2]!.trim().length < 10) throw new Error(`docs/architecture.md: exception '${m[1]}' gives no reason`);
    out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { DomainError } from '../core/errors.js';

/** MIME types of what an Astro build emits. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.npy': 'application/octet-stream',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

/**
 * Splits a raw URL path into percent-decoded segments, refusing what could climb out of a directory: "." or ".."
 * segments, NUL bytes and backslashes (BAD_USER_INPUT, so the route answers 400), and bad escapes.
 */
export function pathSegments(pathname: string): string[] {
  const out: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      throw new DomainError('BAD_USER_INPUT', `bad percent-encoding in path segment '${raw}'`, { value: raw });
    }
    if (s === '.' || s === '..' || s.includes('\0') || s.includes('\\') || /(^|\/)\.\.(\/|$)/.test(s)) {
      throw new DomainError('BAD_USER_INPUT', `path traversal refused: segment '${s}'`, { value: s });
    }
    out.push(s);
  }
  return out;
}

/**
 * The file of a static site for a URL path, or undefined: directories serve index.html; every resolved path is
 * checked to lie inside `root` (segments are already free of "..", this is the second lock).
 */
export function resolveStatic(root: string, segments: readonly string[]): { path: string; contentType: string } | undefined {
  const base = resolve(root);
  if (segments.some((s) => s.includes('/'))) return undefined;
  let path = resolve(base, ...segments);
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  else if (!existsSync(path) && existsSync(`${path}.html`)) path = `${path}.html`;
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  return { path, contentType: MIME[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}

export function readStatic(path: string): Buffer {
  return readFileSync(path);
}

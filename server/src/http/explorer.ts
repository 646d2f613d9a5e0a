import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print } from 'graphql';
import { EXPLORER_CSP } from './policy.js';

/**
 * Named operations shown in the explorer: the files of schema/operations (what the figure site runs), one tab per
 * file, or per operation for a file with several (a document with several operations runs only by name).
 */
export function loadOperations(dir: string): { name: string; query: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort().flatMap((f) => {
    const query = readFileSync(join(dir, f), 'utf8');
    const ops = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length <= 1) return [{ name: f.replace(/\.graphql$/, ''), query }];
    return ops.map((op) => ({ name: op.name?.value ?? f, query: print(op) }));
  });
}

const escapeScript = (json: string): string => json.replace(/</g, '\\u003c');

export interface ExplorerPage {
  readonly html: string;
  /** The page's Content-Security-Policy: scripts from this server only (plus the plain page's own hash). */
  readonly csp: string;
}

/**
 * The explorer served at GET /graphql in a browser: GraphiQL from the local bundle (explorer-bundle.ts) when it
 * is built, else the plain page below. The example operations travel in a JSON script tag, which is not executed.
 */
export function explorerPage(operations: readonly { name: string; query: string }[], bundled: boolean): ExplorerPage {
  if (bundled) return { html: graphiqlHtml(operations), csp: EXPLORER_CSP };
  const html = explorerHtml(operations);
  const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(inline).digest('base64');
  return { html, csp: EXPLORER_CSP.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`) };
}

/** GraphiQL (completion, docs pane, history), the example operations as its default tabs. */
export function graphiqlHtml(operations: readonly { name: string; query: string }[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>adversarial-rsa GraphQL explorer (GraphiQL)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/graphql/explorer/graphiql.css">
</head><body style="margin:0;height:100vh;overflow:hidden">
<div id="graphiql" style="height:100vh">Loading GraphiQL... (the schema is also at <a href="/graphql/schema.graphql">/graphql/schema.graphql</a>)</div>
<script id="operations" type="application/json">${escapeScript(JSON.stringify(operations))}</script>
<script src="/graphql/explorer/graphiql.js" defer></script>
</body></html>
`;
}

/**
 * The fallback explorer when the GraphiQL bundle cannot be built: one self-contained HTML page (no CDN), with the
 * example operations of schema/operations, a variables editor, an optional Authorization header, and a Run button
 * that POSTs to /graphql with fetch. The SDL is linked at /graphql/schema.graphql.
 */
export function explorerHtml(operations: readonly { name: string; query: string }[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>adversarial-rsa GraphQL explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:0;display:grid;grid-template-rows:auto 1fr;height:100vh}
header{padding:8px 12px;background:#20232a;color:#eee;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header a{color:#9cf}main{display:grid;grid-template-columns:1fr 1fr;gap:8px;padding:8px;min-height:0}
section{display:flex;flex-direction:column;gap:6px;min-height:0}
textarea,pre{font:13px ui-monospace,monospace;border:1px solid #ccc;border-radius:4px;padding:6px;margin:0}
#query{flex:3}#variables{flex:1}#headers{height:2.2em}pre{flex:1;overflow:auto;background:#f6f8fa;white-space:pre-wrap}
button{font-weight:600;padding:4px 16px}
</style></head><body>
<header><strong>adversarial-rsa</strong> GraphQL explorer
<label>example <select id="ops"><option value="">(choose)</option></select></label>
<button id="run" title="Ctrl+Enter">Run</button><span id="status"></span>
<a href="/graphql/schema.graphql">schema (SDL)</a><a href="/">home</a></header>
<main><section><textarea id="query" spellcheck="false">{ study { id network backend simulated layerNames subjectIds } }</textarea>
<label>variables (JSON)</label><textarea id="variables" spellcheck="false">{}</textarea>
<label>Authorization header (only for the recompute mutation)</label><textarea id="headers" spellcheck="false"></textarea></section>
<section><pre id="out">Press Run.</pre></section></main>
<script id="operations" type="application/json">${escapeScript(JSON.stringify(operations))}</script>
<script>
const ops = JSON.parse(document.getElementById('operations').textContent);
const sel = document.getElementById('ops'), q = document.getElementById('query'), v = document.getElementById('variables');
for (const o of ops) { const e = document.createElement('option'); e.value = o.name; e.textContent = o.name; sel.append(e); }
sel.onchange = () => { const o = ops.find((x) => x.name === sel.value); if (o) { q.value = o.query; v.value = '{}'; } };
async function run() {
  const status = document.getElementById('status'), out = document.getElementById('out');
  let variables; try { variables = JSON.parse(v.value || '{}'); } catch (e) { out.textContent = 'variables: ' + e.message; return; }
  const headers = { 'content-type': 'application/json' }; const auth = document.getElementById('headers').value.trim();
  if (auth) headers.authorization = auth;
  const name = /^\\s*(?:#.*\\n\\s*)*(?:query|mutation)\\s+(\\w+)/m.exec(q.value);
  status.textContent = 'running...'; const t0 = performance.now();
  try {
    const r = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: q.value, variables, operationName: name ? name[1] : undefined }) });
    const text = await r.text(); status.textContent = r.status + ' in ' + Math.round(performance.now() - t0) + ' ms';
    try { out.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { out.textContent = text; }
  } catch (e) { status.textContent = 'failed'; out.textContent = String(e); }
}
document.getElementById('run').onclick = run;
document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
</script></body></html>
`;
}

/** Page at / when there is no built site: the endpoints. */
export function indexHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>adversarial-rsa</title></head>
<body style="font:15px system-ui,sans-serif;max-width:46em;margin:2em auto">
<h1>adversarial-rsa data service</h1>
<p>The figure site is not built yet (<code>npm run site</code>). Endpoints:</p>
<ul>
<li><a href="/graphql">/graphql</a>: GraphQL API (POST), and an offline query explorer (GET in a browser)</li>
<li><a href="/graphql/schema.graphql">/graphql/schema.graphql</a>: the schema</li>
<li>/arrays/activations/&lt;layer&gt;/&lt;kind&gt;.npy|csv, /arrays/responses/&lt;subject&gt;/&lt;roi&gt;.npy|csv, /arrays/rdms/layer|roi.npy|csv, /arrays/stimuli/&lt;kind&gt;.npy|csv, with ?stimuli=a:b&amp;columns=c:d</li>
<li>/export/similarities.csv (and differences, trends, encoding, power, stimuli; .csv or .json)</li>
<li>/stimuli/&lt;id&gt;.png</li>
<li><a href="/health">/health</a></li>
</ul></body></html>
`;
}

// Browser entry of the explorer: GraphiQL (completion, docs pane, history) over POST /graphql, with the project's
// example operations (schema/operations/*.graphql) as its default tabs. Bundled by explorer-bundle.ts with esbuild
// into dist/explorer/ at `npm run build` (or on first start), so the page needs nothing from a CDN. The operations
// come in a JSON script tag of the page (never executed, so the CSP can forbid inline scripts).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';

const operations = JSON.parse(document.getElementById('operations').textContent || '[]');

async function fetcher(params, options) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...((options && options.headers) || {}) },
    body: JSON.stringify(params),
  });
  return res.json();
}

const defaultTabs = operations.map((o) => ({ query: o.query }));
createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
  fetcher,
  defaultTabs: defaultTabs.length > 0 ? defaultTabs : undefined,
  defaultQuery: operations[0] ? operations[0].query : '{ study { id title simulated } }',
  shouldPersistHeaders: false,
}));

/**
 * The site's build-time data layer: operations read from schema/operations or run as generated typed documents,
 * errors and empty results fail with the operation's name, pagination follows endCursor, GraphQL records adapt to
 * the figure records.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { loadOperations, nonEmpty, operationName, provenanceKeys, runDocument, runOperation, runPages, serverRoot, SiteDataError } from '../../site/src/lib/graphql.js';
import { downloadsIn, nanForNull, toRdm, toSimilarity, toSource, toTrend } from '../../site/src/lib/api.js';
import { Fig6EncodingDocument, StudyDocument } from '../../site/src/lib/generated/graphql.js';
import { toCsv } from '../../site/src/lib/exports.js';
import { slug } from '../../site/src/lib/browse.js';

/** Answers POST /graphql with `reply(body)`; records the requests. */
function answering(reply: (body: { operationName: string; variables: Record<string, unknown> }) => unknown) {
  const requests: { operationName: string; variables: Record<string, unknown>; query: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const c of req) text += c;
    const body = JSON.parse(text);
    requests.push(body);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply(body)));
  });
  return { server, requests, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('operations', () => {
  it('reads every site operation from schema/operations, with its variables', () => {
    const ops = loadOperations();
    for (const name of ['Study', 'Fig1Stimuli', 'Fig2Rois', 'Fig2Rdms', 'Fig3Similarity', 'Fig4Searchlight', 'Fig5Layers', 'Fig6Encoding', 'Power', 'BrowseRoi', 'BrowseLayer']) {
      const op = ops.get(name);
      expect(op, name).toBeDefined();
      expect(() => parse(op!.text)).not.toThrow();
    }
    expect(ops.get('BrowseRoi')!.variables).toEqual(expect.arrayContaining(['subject', 'roi', 'after']));
  });
});

describe('runOperation', () => {
  const s = answering((b) => {
    if (b.operationName === 'Power') return { errors: [{ message: 'ROI X unknown; valid: V1', extensions: { code: 'UNKNOWN_ROI' } }], data: null };
    if (b.operationName === 'Study') return { data: { study: { id: 'x', provenance: { key: 'k1' } } } };
    const after = b.variables.after as string | undefined;
    return { data: { encoding: { nodes: after ? [{ r: 2, provenanceKey: 'k3' }] : [{ r: 1, provenanceKey: 'k2' }], pageInfo: { hasNextPage: !after, endCursor: after ? null : 'c1' } } } };
  });
  beforeAll(() => new Promise<void>((r) => s.server.listen(0, '127.0.0.1', () => r())));
  afterAll(() => new Promise<void>((r) => s.server.close(() => r())));

  it('returns data and sends only the declared variables', async () => {
    const d = await runOperation<{ study: { id: string } }>('Study', { bogus: 1 }, s.url());
    expect(d.study.id).toBe('x');
    expect(s.requests.at(-1)!.variables).toEqual({});
    expect(provenanceKeys(d)).toEqual(['k1']);
  });
  it('fails with the operation name and the error code on a GraphQL error', async () => {
    const e = await runOperation('Power', {}, s.url()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SiteDataError);
    expect((e as Error).message).toBe('site data: operation Power: UNKNOWN_ROI: ROI X unknown; valid: V1');
  });
  it('refuses an operation that is not in schema/operations, listing the known ones', async () => {
    await expect(runOperation('Nope', {}, s.url())).rejects.toThrow(/operation Nope: not found .* known: BrowseLayer, BrowseRoi/);
  });
  it('fails with the operation name when no service answers', async () => {
    await expect(runOperation('Study', {}, 'http://127.0.0.1:1/graphql')).rejects.toThrow(/operation Study: no answer from http:\/\/127\.0\.0\.1:1\/graphql/);
  });
  it('runs a generated document by its operation name, with the committed operation text', async () => {
    const d = await runDocument(StudyDocument, {}, s.url());
    expect(d.study.id).toBe('x');
    const sent = s.requests.at(-1)!;
    expect(sent.operationName).toBe('Study');
    expect(operationName(StudyDocument)).toBe('Study');
    expect(parse(sent.query)).toEqual(parse(loadOperations().get('Study')!.text));
  });
  it('follows endCursor through every page', async () => {
    const d = await runPages(Fig6EncodingDocument, 'encoding', {}, s.url());
    expect(d.encoding.nodes).toEqual([{ r: 1, provenanceKey: 'k2' }, { r: 2, provenanceKey: 'k3' }]);
    expect(s.requests.at(-1)!.variables).toEqual({ after: 'c1' });
    expect(provenanceKeys(d)).toEqual(['k2', 'k3']);
  });
});

describe('adapters', () => {
  it('nonEmpty names the operation and what is missing', () => {
    expect(() => nonEmpty('Fig3Similarity', 'similarities', [])).toThrow('site data: operation Fig3Similarity: returned no similarities');
    expect(nonEmpty('x', 'y', [1])).toEqual([1]);
  });
  it('maps GraphQL records (upper-case source kinds, nulls for NaN) to figure records', () => {
    expect(toSimilarity({ source: { kind: 'ROI', subject: 's1', roi: 'V1', layer: null }, pair: 'RE_AI', value: 0.3, ciLow: 0.2, ciHigh: 0.4, p: 0.001 }))
      .toEqual({ source: { kind: 'roi', subject: 's1', roi: 'V1' }, pair: 'RE_AI', value: 0.3, ciLow: 0.2, ciHigh: 0.4, p: 0.001 });
    expect(toTrend({ pair: 'RE_AN', layers: ['a'], tau: 1, z: 2, p: 0.01, direction: 'INCREASING' }).direction).toBe('increasing');
    expect(toSource({ kind: 'LAYER', layer: 'conv1', subject: null })).toEqual({ kind: 'layer', layer: 'conv1' });
    expect(() => toSource({ kind: 'ROI', subject: 's1' })).toThrow(/lacks the fields of its kind/);
    expect(nanForNull([1, null])).toEqual([1, NaN]);
    expect(toRdm({ source: { kind: 'LAYER', layer: 'l' }, stimulusKind: 'RE', method: 'm', stimulusIds: ['a', 'b'], vector: [null] }).vector).toEqual([NaN]);
  });
  it('finds download links and the server root', () => {
    expect(downloadsIn({ layer: { re: { url: '/arrays/a.npy', format: 'NPY', shape: [40, 3] } } }))
      .toEqual([{ label: 'RE activations', url: '/arrays/a.npy', format: 'npy', shape: [40, 3] }]);
    expect(serverRoot('http://h:1/graphql')).toBe('http://h:1');
  });
  it('writes RFC 4180 CSV and URL slugs', () => {
    expect(toCsv([{ a: 'x,y', b: 1, c: null }, { a: 'q"', b: 2.5, c: true }])).toBe('a,b,c\n"x,y",1,\n"q""",2.5,true\n');
    expect(slug('block_16/project')).toBe('block_16-project');
  });
});

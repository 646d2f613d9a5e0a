import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { ApiContext } from './context.js';
import { formatError } from './errors.js';
import { complexityLimit, depthLimit, noSubscriptions } from './limits.js';

export interface ApolloOptions {
  readonly maxDepth?: number;
  readonly maxComplexity?: number;
  /** Most connections and downloads in one operation (aliases counted). */
  readonly maxExpensiveFields?: number;
  /** Seconds a result may be cached by clients; results are immutable per store key. */
  readonly maxAge?: number;
  readonly log?: (msg: string, e: unknown) => void;
  readonly plugins?: ApolloServerPlugin<ApiContext>[];
}

/** Bound of the parsed-document cache: Apollo's default (30 MiB of JSON) holds 60-90 MiB of AST in memory. */
export const DOCUMENT_STORE_BYTES = 16 * 1024 * 1024;
/** In-memory bytes of a parsed document per byte of its source text (measured on the figure operations: 40-60). */
const AST_BYTES_PER_SOURCE_BYTE = 60;

/**
 * Apollo's cache of parsed and validated documents, an LRU bounded by estimated bytes, so that a stream of unique
 * query texts cannot grow the heap past `maxBytes` (issue 13 item 4).
 */
export class DocumentLru {
  private readonly entries = new Map<string, { doc: DocumentNode; bytes: number }>();
  private bytes = 0;
  constructor(private readonly maxBytes: number = DOCUMENT_STORE_BYTES) {}

  async get(key: string): Promise<DocumentNode | undefined> {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.doc;
  }

  async set(key: string, doc: DocumentNode): Promise<void> {
    await this.delete(key);
    const bytes = 2 * key.length + 200 + AST_BYTES_PER_SOURCE_BYTE * (doc.loc?.end ?? 1000);
    if (bytes > this.maxBytes / 8) return;
    this.entries.set(key, { doc, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  async delete(key: string): Promise<boolean> {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.bytes -= e.bytes;
    return true;
  }
}

/**
 * The Apollo server of the API: limits, one formatError, cache-control hints (every field cacheable for `maxAge`
 * seconds unless a resolver says otherwise, as `progress` and `recompute` do). The landing page is off: the
 * offline explorer of http/explorer.ts answers GET /graphql without a query.
 */
export async function createApollo(schema: GraphQLSchema, o: ApolloOptions = {}): Promise<ApolloServer<ApiContext>> {
  const server = new ApolloServer<ApiContext>({
    schema,
    validationRules: [depthLimit(o.maxDepth), noSubscriptions],
    documentStore: new DocumentLru(),
    formatError: (formatted, error) => formatError(formatted, error, o.log),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginCacheControl({ defaultMaxAge: o.maxAge ?? 300, calculateHttpHeaders: true }),
      ApolloServerPluginLandingPageDisabled(),
      complexityLimit(schema, o.maxComplexity, o.maxExpensiveFields),
      ...(o.plugins ?? []),
    ],
  });
  await server.start();
  return server;
}

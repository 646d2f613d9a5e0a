import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
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

/**
 * The Apollo server of the API: limits, one formatError, cache-control hints (every field cacheable for `maxAge`
 * seconds unless a resolver says otherwise, as `progress` and `recompute` do). The landing page is off: the
 * offline explorer of http/explorer.ts answers GET /graphql without a query.
 */
export async function createApollo(schema: GraphQLSchema, o: ApolloOptions = {}): Promise<ApolloServer<ApiContext>> {
  const server = new ApolloServer<ApiContext>({
    schema,
    validationRules: [depthLimit(o.maxDepth), noSubscriptions],
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

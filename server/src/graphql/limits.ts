import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext,
} from 'graphql';
import { createRequire } from 'node:module';

// graphql-query-complexity's ESM build imports 'graphql/index.mjs', while type-graphql and Apollo get graphql's
// CommonJS entry: two graphql realms ("Cannot use GraphQLObjectType from another module or realm"). Its CommonJS
// build requires 'graphql' like everything else.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

/**
 * Query limits. Depth is a static validation rule; complexity needs the request's variables (page sizes), so it
 * runs as a plugin once the operation is resolved (the pattern graphql-query-complexity documents for Apollo).
 * Each connection field counts its children once per requested node (see page.args.ts connectionComplexity).
 */
export const MAX_DEPTH = 10;
export const MAX_COMPLEXITY = 50_000;

/** Refuses operations nested deeper than `max` fields (fragments followed, introspection included). */
export function depthLimit(max: number = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
        else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          deepest = Math.max(deepest, depthOf(f?.selectionSet, new Set([...seen, s.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(op) {
        const depth = depthOf(op.selectionSet, new Set());
        if (depth > max) {
          context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${max}`, { nodes: [op], extensions: { code: 'QUERY_TOO_DEEP', limitCode: 'QUERY_TOO_DEEP', depth, limit: max } }));
        }
      },
    };
  };
}

export function complexityLimit(schema: GraphQLSchema, max: number = MAX_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT (400) next.
            return;
          }
          if (complexity > max) {
            throw new GraphQLError(`query complexity ${complexity} exceeds the limit of ${max}; ask for fewer fields or smaller pages (first)`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit: max, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

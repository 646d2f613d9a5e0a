import type { ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues, getDirectiveValues, getNamedType, getNullableType, getVariableValues, GraphQLError, GraphQLIncludeDirective,
  GraphQLSkipDirective, isInterfaceType, isListType, isObjectType, Kind, type ASTVisitor, type DocumentNode, type FieldNode,
  type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode, type ValidationContext,
} from 'graphql';

/**
 * Query limits, each computed in one pass over the document: every fragment is measured once and its figure reused
 * at every spread (memoised by name), so a document of fragments that each spread the one below twice costs time
 * linear in its length, not 2^levels (issue 13 item 1).
 *
 * - depth: static validation rule; introspection subtrees (`__schema`, `__type`) are exempt and bounded by their
 *   own, larger limit, since the standard introspection query is depth 15 and the schema is public anyway.
 * - complexity: needs the request's variables (page sizes), so it runs as a plugin once the operation is resolved.
 *   Connection fields count their children once per requested node (page.args.ts connectionComplexity), plain list
 *   fields LIST_FACTOR times, array-download descriptions by whether they must encode bytes (a CSV or a subset)
 *   or only describe a stored .npy. A failure of the estimator refuses the query; it never skips the check.
 * - expensive fields: connections and downloads are also capped in number (aliases), whatever their page sizes.
 */
export const MAX_DEPTH = 10;
export const MAX_INTROSPECTION_DEPTH = 20;
export const MAX_COMPLEXITY = 50_000;
export const MAX_EXPENSIVE_FIELDS = 40;
/** Cost multiplier of a list field without its own complexity (layers, subjects, rois: tens of items at most). */
export const LIST_FACTOR = 10;
/** Cost of describing a download that must be encoded first (CSV text or a subset): about 60 ms of CPU each. */
export const ENCODED_DOWNLOAD_COST = 2_000;
/** Cost of describing a whole stored .npy (a store lookup, no encoding). */
export const STORED_DOWNLOAD_COST = 20;

const DOWNLOAD_TYPE = 'ArrayDownload';
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

interface Depths { data: number; introspection: number; full: number }

/** Refuses operations nested deeper than `max` fields (fragments followed; introspection bounded by `maxIntrospection`). */
export function depthLimit(max: number = MAX_DEPTH, maxIntrospection: number = MAX_INTROSPECTION_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    const memo = new Map<string, Depths>();
    const inProgress = new Set<string>(); // a cycle (reported by NoFragmentCycles) adds nothing
    const depthOf = (set: SelectionSetNode | undefined): Depths => {
      const d: Depths = { data: 0, introspection: 0, full: 0 };
      if (!set) return d;
      for (const s of set.selections) {
        let inner: Depths;
        if (s.kind === Kind.FIELD) {
          const child = depthOf(s.selectionSet);
          if (INTROSPECTION_ROOTS.has(s.name.value)) {
            inner = { data: 0, introspection: 1 + child.full, full: 1 + child.full };
          } else {
            inner = { data: 1 + child.data, introspection: child.introspection, full: 1 + child.full };
          }
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          inner = depthOf(s.selectionSet);
        } else {
          const name = s.name.value;
          let m = memo.get(name);
          if (!m) {
            if (inProgress.has(name)) continue;
            inProgress.add(name);
            m = depthOf(fragments.get(name)?.selectionSet);
            inProgress.delete(name);
            memo.set(name, m);
          }
          inner = m;
        }
        d.data = Math.max(d.data, inner.data);
        d.introspection = Math.max(d.introspection, inner.introspection);
        d.full = Math.max(d.full, inner.full);
      }
      return d;
    };
    return {
      OperationDefinition(op) {
        const d = depthOf(op.selectionSet);
        if (d.data > max) {
          context.reportError(limitError(`query depth ${d.data} exceeds the limit of ${max}`, 'QUERY_TOO_DEEP', { depth: d.data, limit: max }, op));
        }
        if (d.introspection > maxIntrospection) {
          context.reportError(limitError(`introspection depth ${d.introspection} exceeds the limit of ${maxIntrospection}`, 'QUERY_TOO_DEEP', { depth: d.introspection, limit: maxIntrospection }, op));
        }
      },
    };
  };
}

/** The schema has no subscription type: say so with a client code rather than an execution failure. */
export function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(op) {
      if (op.operation === 'subscription') {
        context.reportError(limitError('subscriptions are not supported by this API; use query (and poll `progress`)', 'SUBSCRIPTION_NOT_SUPPORTED', {}, op));
      }
    },
  };
}

export interface Cost { complexity: number; expensive: number }

/**
 * Complexity and number of expensive fields of one operation with its variables, each fragment costed once per
 * request. Throws a coded GraphQLError (BAD_USER_INPUT) for variables that do not coerce.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): Cost {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  if (!op) throw new Error(`operation ${operationName ?? '(anonymous)'} not found`);
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) {
    throw new GraphQLError(coerced.errors.map((e) => e.message).join('; '), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  const vars = coerced.coerced;
  const fragments = fragmentsOf(document);
  const memo = new Map<string, Cost>();
  const inProgress = new Set<string>();
  const skipped = (node: FieldNode | { directives?: FieldNode['directives'] }): boolean =>
    getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true || getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if === false;

  const costOf = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined, introspecting: boolean): Cost => {
    const total: Cost = { complexity: 0, expensive: 0 };
    if (!set) return total;
    const fields = (type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {}) as Record<string, GraphQLField<unknown, unknown>>;
    for (const s of set.selections) {
      if (skipped(s)) continue;
      let c: Cost;
      if (s.kind === Kind.FIELD) {
        // A connection's own lists (nodes, edges) are already multiplied by its page size.
      const inConnection = type?.name.endsWith('Connection') ?? false;
      c = fieldCost(s, s.name.value.startsWith('__') ? introspectionField(schema, s.name.value) : fields[s.name.value], introspecting, inConnection);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        c = costOf(s.selectionSet, s.typeCondition ? schema.getType(s.typeCondition.name.value) : type, introspecting);
      } else {
        const name = s.name.value;
        const key = `${name}:${introspecting}`;
        let m = memo.get(key);
        if (!m) {
          if (inProgress.has(key)) continue;
          inProgress.add(key);
          const f = fragments.get(name);
          m = costOf(f?.selectionSet, f ? schema.getType(f.typeCondition.name.value) : undefined, introspecting);
          inProgress.delete(key);
          memo.set(key, m);
        }
        c = m;
      }
      total.complexity += c.complexity;
      total.expensive += c.expensive;
    }
    return total;
  };

  const fieldCost = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined, introspecting: boolean, inConnection: boolean): Cost => {
    if (!field) return { complexity: 1, expensive: 0 }; // __typename, or a field validation has refused already
    const inIntrospection = introspecting || INTROSPECTION_ROOTS.has(node.name.value);
    const child = costOf(node.selectionSet, getNamedType(field.type), inIntrospection);
    if (inIntrospection) return { complexity: 1 + child.complexity, expensive: 0 };
    const args = getArgumentValues(field, node, vars);
    const ext = field.extensions?.complexity as number | ((o: { args: Record<string, unknown>; childComplexity: number }) => number) | undefined;
    const named = getNamedType(field.type).name;
    let complexity: number;
    let expensive = child.expensive;
    if (typeof ext === 'function') {
      complexity = ext({ args, childComplexity: child.complexity });
      expensive += 1;
    } else if (typeof ext === 'number') {
      complexity = ext + child.complexity;
      expensive += 1;
    } else if (named === DOWNLOAD_TYPE) {
      const encoded = args.format === 'csv' || args.format === 'CSV' || args.stimuli != null || args.columns != null;
      complexity = (encoded ? ENCODED_DOWNLOAD_COST : STORED_DOWNLOAD_COST) + child.complexity;
      expensive += 1;
    } else if (!inConnection && isListType(getNullableType(field.type)) && child.complexity > 0) {
      complexity = 1 + LIST_FACTOR * child.complexity;
      expensive = LIST_FACTOR * child.expensive;
    } else {
      complexity = 1 + child.complexity;
    }
    if (!Number.isFinite(complexity)) throw new Error(`complexity of field ${node.name.value} is ${complexity}`);
    return { complexity, expensive };
  };

  const root = op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  return costOf(op.selectionSet, root ?? undefined, false);
}

export function complexityLimit(schema: GraphQLSchema, max: number = MAX_COMPLEXITY, maxExpensive: number = MAX_EXPENSIVE_FIELDS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: Cost;
          try {
            cost = operationCost(schema, document, request.operationName, request.variables);
          } catch (e) {
            if (e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT') throw e;
            // Never run a query whose cost is unknown (graphql-query-complexity's node cap once disabled the check).
            throw new GraphQLError(`the cost of this query could not be estimated (${(e as Error).message}); it is refused`, {
              extensions: { code: 'QUERY_COST_UNKNOWN', http: { status: 400 } },
            });
          }
          if (cost.complexity > max) {
            throw new GraphQLError(`query complexity ${cost.complexity} exceeds the limit of ${max}; ask for fewer fields or smaller pages (first)`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity: cost.complexity, limit: max, http: { status: 400 } },
            });
          }
          if (cost.expensive > maxExpensive) {
            throw new GraphQLError(`query asks for ${cost.expensive} connections or downloads (aliases and list items counted), more than the limit of ${maxExpensive}; split it into several requests`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', expensiveFields: cost.expensive, limit: maxExpensive, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

function introspectionField(schema: GraphQLSchema, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return { name, type: schema.getType('__Schema'), args: [], extensions: {} } as unknown as GraphQLField<unknown, unknown>;
  if (name === '__type') return { name, type: schema.getType('__Type'), args: [], extensions: {} } as unknown as GraphQLField<unknown, unknown>;
  return undefined;
}

function limitError(message: string, code: string, details: Record<string, unknown>, node: OperationDefinitionNode): GraphQLError {
  // Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED; formatError restores limitCode.
  return new GraphQLError(message, { nodes: [node], extensions: { code, limitCode: code, ...details } });
}

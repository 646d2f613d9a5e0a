import 'reflect-metadata';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { isDomainError, type ErrorCode } from '../core/errors.js';

/**
 * The one error mapping of the API (house style 11). Domain errors keep their message and become
 * `extensions.code`; argument validation failures become BAD_USER_INPUT with each bad argument and value named;
 * GraphQL's own errors (parse, validation, limits) pass through; anything else is masked as "internal error" and
 * logged with its stack.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (msg: string, e: unknown) => void = defaultLog): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const path = formatted.path ? { path: formatted.path } : {};
  if (isDomainError(original)) {
    return { message: original.message, ...path, extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  if (original instanceof ArgumentValidationError) {
    const problems = original.extensions.validationErrors.flatMap((v) =>
      Object.values(v.constraints ?? {}).map((c) => `${c} (got ${JSON.stringify(v.value)})`));
    return { message: `invalid argument: ${problems.join('; ')}`, ...path, extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, problems } };
  }
  if (typeof formatted.extensions?.limitCode === 'string') {
    // Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED; a limit rule keeps its own code.
    const { limitCode, ...rest } = formatted.extensions;
    return { ...formatted, extensions: { ...rest, code: limitCode } };
  }
  if (original instanceof GraphQLError && !isResolverFailure(formatted, original)) return formatted;
  if (typeof formatted.extensions?.code === 'string' && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR' && !formatted.path) return formatted;
  log('internal error', original);
  return { message: 'internal error', ...path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** A GraphQLError that wraps a thrown non-GraphQL error from a resolver (has a path and an original error). */
function isResolverFailure(formatted: GraphQLFormattedError, e: GraphQLError): boolean {
  return formatted.path !== undefined && e.originalError !== undefined && !(e.originalError instanceof GraphQLError);
}

function defaultLog(msg: string, e: unknown): void {
  console.error(`[graphql] ${msg}:`, e);
}

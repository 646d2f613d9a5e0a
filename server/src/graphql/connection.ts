import 'reflect-metadata';
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { DomainError } from '../core/errors.js';

/**
 * Relay-style cursor pagination over immutable result lists. Lists are stable per store key, so a cursor is the
 * opaque base64url of an offset; a cursor that does not decode to an offset inside the list is refused.
 */
@ObjectType({ description: 'Relay-style page information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m) throw new DomainError('BAD_USER_INPUT', `invalid cursor '${cursor}'; use a cursor from pageInfo.endCursor or edges.cursor`, { value: cursor });
  return Number(m[1]);
}

/** Slices `items` after the cursor; `first` is already bounded by the args class. */
export function paginate<T>(items: readonly T[], args: { first: number; after?: string | null }): Page<T> {
  const start = args.after ? decodeCursor(args.after) + 1 : 0;
  if (start > items.length) {
    throw new DomainError('BAD_USER_INPUT', `cursor '${args.after}' points past the end of the list (${items.length} items)`, { value: args.after });
  }
  const slice = items.slice(start, start + args.first);
  const edges = slice.map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

/** Connection type `<name>Connection` with edges, nodes (shortcut), pageInfo and totalCount. */
export function Connection<T extends object>(node: ClassType<T>, name: string): ClassType<Page<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} results.` })
  class Conn {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node], { description: 'The nodes of edges, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, on all pages.' })
    totalCount!: number;
  }
  return Conn as ClassType<Page<T>>;
}

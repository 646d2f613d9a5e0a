import 'reflect-metadata';
import { Max, Min, MaxLength } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

/** Page-size bounds: a page holds 1..500 nodes (default 100); clients walk pages with `after`. */
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE, description: `Page size, 1..${MAX_PAGE}; default ${DEFAULT_PAGE}: a connection with more nodes returns only the first ${DEFAULT_PAGE} unless first is raised or pages are walked with after (see totalCount and pageInfo.hasNextPage).` })
  @Min(1)
  @Max(MAX_PAGE)
  first: number = DEFAULT_PAGE;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts (pageInfo.endCursor of the previous page).' })
  @MaxLength(64)
  after?: string;
}

/** Complexity of a connection field: its children counted once per requested node. */
export function connectionComplexity({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
  return 1 + childComplexity * Math.max(1, Math.min(first, MAX_PAGE));
}

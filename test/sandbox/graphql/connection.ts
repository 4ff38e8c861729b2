// GitHub's cursor connections (the Relay spec as GitHub applies it): `first`/`last` between 0 and
// 100, one of them required, `after`/`before` opaque cursors, and `nodes`, `edges { cursor node }`,
// `pageInfo` and `totalCount` on every connection. Cursors are base64 of `cursor:<position>`, the
// form GitHub's search connection uses. Invalid arguments fail with GitHub's error types.
import { GitHubGraphqlError } from './errors';

export interface PageArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
}

export const MAX_PAGE = 100;

export function cursorFor(index: number): string {
  return Buffer.from(`cursor:${index + 1}`).toString('base64');
}

/** The 0-based index a cursor points at. */
function indexOf(cursor: string, total: number): number {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  const position = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(position) || position < 1 || position > total + 1) {
    throw new GitHubGraphqlError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  }
  return position - 1;
}

/** Checks `first`/`last` the way GitHub does before fetching anything. */
export function checkPageArgs(name: string, args: PageArgs): void {
  const { first, last } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GitHubGraphqlError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  }
  if (first !== undefined && first !== null && last !== undefined && last !== null) {
    throw new GitHubGraphqlError('UNPROCESSABLE', `Passing both \`first\` and \`last\` to paginate the \`${name}\` connection is not supported.`);
  }
  for (const [arg, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value === undefined || value === null) continue;
    if (value < 0) throw new GitHubGraphqlError('UNPROCESSABLE', `\`${arg}\` on the \`${name}\` connection cannot be less than zero.`);
    if (value > MAX_PAGE) {
      throw new GitHubGraphqlError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the \`${name}\` connection exceeds the \`${arg}\` limit of ${MAX_PAGE} records.`,
      );
    }
  }
}

/**
 * One page of `items` as a GitHub connection object. `toNode` builds the GraphQL object of an item
 * (only for the items on the page); `extra` adds connection-specific fields (e.g. `issueCount`).
 */
export function connection<T>(
  name: string,
  items: readonly T[],
  args: PageArgs,
  toNode: (item: T) => unknown,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  checkPageArgs(name, args);
  let start = 0;
  let end = items.length; // exclusive
  if (args.after) start = Math.max(start, indexOf(args.after, items.length) + 1);
  if (args.before) end = Math.min(end, indexOf(args.before, items.length));
  if (end < start) end = start;
  if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
  else if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  const page = items.slice(start, end).map((item, i) => ({ index: start + i, item }));
  let built: unknown[] | undefined;
  const nodes = () => (built ??= page.map(({ item }) => toNode(item)));
  return {
    totalCount: items.length,
    nodes,
    edges: () => nodes().map((node, i) => ({ cursor: cursorFor(page[i].index), node })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorFor(page[0].index) : null,
      endCursor: page.length ? cursorFor(page[page.length - 1].index) : null,
    },
    ...extra,
  };
}

// Root fields of the GraphQL API the sandbox answers. Objects returned here carry plain values or
// functions `(args, ctx) => value` named after GraphQL fields; `__typename` names the type for
// interfaces and unions. Anything not present fails loudly (see execute.ts). The objects themselves
// are built in objects.ts and reviewObjects.ts, node ids decoded in nodes.ts, mutations in mutations.ts.
import type { Budget } from '../accounting';
import type { Services } from '../http';
import { searchIssues } from '../searchQuery';
import type { Sandbox } from '../server';
import type { User } from '../state';
import { connection, type PageArgs } from './connection';
import { GitHubGraphqlError, notFound } from './errors';
import { mutationResolvers } from './mutations';
import { nodeById } from './nodes';
import { issueObject, repositoryObject, userObject } from './objects';

export { userObject } from './objects';

export interface GqlContext {
  readonly sandbox: Sandbox;
  readonly user: User;
  readonly api: string;
  readonly web: string;
  readonly services: Services;
  /** This query's cost and node count (GitHub's rules, graphql/cost.ts). */
  readonly cost: number;
  readonly nodeCount: number;
  budgetAfter(): Budget;
}

export function rootResolvers(ctx: GqlContext): Record<string, unknown> {
  const { state } = ctx.sandbox;
  return {
    viewer: () => userObject(ctx, ctx.user),
    user: ({ login }: { login: string }) => {
      const user = state.user(login);
      if (!user) throw notFound('User', `the login of '${login}'`);
      return userObject(ctx, user);
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      if (!repo || !state.canRead(ctx.user, repo)) throw notFound('Repository', `the name '${owner}/${name}'`);
      return repositoryObject(ctx, repo);
    },
    node: ({ id }: { id: string }) => nodeById(ctx, id),
    // A missing id is a null entry with its own error (path ["nodes", i]); the others still resolve.
    nodes: ({ ids }: { ids: readonly string[] }) => ids.map((id) => nodeById(ctx, id)),
    search: (args: PageArgs & { query: string; type: string }) => {
      if (args.type !== 'ISSUE') {
        throw new GitHubGraphqlError('UNPROCESSABLE', `The GitHub sandbox searches issues and pull requests only (type: ISSUE), not ${args.type}.`);
      }
      const { issues } = searchIssues(state, ctx.user, args.query);
      return connection('search', issues, args, (i) => issueObject(ctx, i), {
        issueCount: issues.length,
        codeCount: 0,
        discussionCount: 0,
        repositoryCount: 0,
        userCount: 0,
        wikiCount: 0,
      });
    },
    rateLimit: () => {
      const b = ctx.budgetAfter();
      // The cost of this query is charged after execution; report the budget as it will be then.
      const used = Math.min(b.limit, b.used + ctx.cost);
      return {
        cost: ctx.cost,
        limit: b.limit,
        nodeCount: ctx.nodeCount,
        remaining: b.limit - used,
        used,
        resetAt: new Date(b.reset * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
    ...mutationResolvers(ctx),
  };
}

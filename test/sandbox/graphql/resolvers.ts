// Root fields of the GraphQL API the sandbox answers. Objects returned here carry plain values or
// functions `(args, ctx) => value` named after GraphQL fields; `__typename` names the type for
// interfaces and unions. Anything not present fails loudly (see execute.ts).
import type { Budget } from '../accounting';
import type { Services } from '../http';
import { nodeId } from '../serialize';
import type { Sandbox } from '../server';
import type { User } from '../state';

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

export function userObject(ctx: GqlContext, user: User): Record<string, unknown> {
  return {
    __typename: 'User',
    id: nodeId('User', user.id),
    databaseId: user.id,
    login: user.login,
    name: user.name,
    url: `${ctx.web}/${user.login}`,
    avatarUrl: `${ctx.web}/avatars/${user.login}`,
    resourcePath: `/${user.login}`,
  };
}

export function rootResolvers(ctx: GqlContext): Record<string, unknown> {
  return {
    viewer: () => userObject(ctx, ctx.user),
    user: ({ login }: { login: string }) => {
      const user = ctx.sandbox.state.user(login);
      return user ? userObject(ctx, user) : null;
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
  };
}

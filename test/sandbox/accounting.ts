// Rate limits and request accounting per user, as GitHub meters them: REST requests spend one point
// of the `core` budget, GraphQL queries spend their computed cost of the `graphql` budget, and a
// conditional request answered 304 spends nothing. The admin surface reads the counters.

export type Resource = 'core' | 'graphql' | 'search';

export interface Budget {
  limit: number;
  used: number;
  /** Unix seconds when the budget refills. */
  reset: number;
}

export interface UserStats {
  requests: number;
  notModified: number;
  restPoints: number;
  graphqlPoints: number;
  graphqlQueries: number;
  byRoute: Record<string, number>;
}

const LIMITS: Record<Resource, number> = { core: 5000, graphql: 5000, search: 30 };
const WINDOW_SECONDS: Record<Resource, number> = { core: 3600, graphql: 3600, search: 60 };

function emptyStats(): UserStats {
  return { requests: 0, notModified: 0, restPoints: 0, graphqlPoints: 0, graphqlQueries: 0, byRoute: {} };
}

export class Accounting {
  private readonly budgets = new Map<string, Map<Resource, Budget>>();
  private readonly stats = new Map<string, UserStats>();

  budget(login: string, resource: Resource): Budget {
    let byResource = this.budgets.get(login);
    if (!byResource) this.budgets.set(login, (byResource = new Map<Resource, Budget>()));
    let budget = byResource.get(resource);
    const now = Math.floor(Date.now() / 1000);
    if (!budget || budget.reset <= now) {
      budget = { limit: budget?.limit ?? LIMITS[resource], used: 0, reset: now + WINDOW_SECONDS[resource] };
      byResource.set(resource, budget);
    }
    return budget;
  }

  /** Sets what is left of a budget (the admin surface uses it to exhaust or refill a user's limit). */
  setRemaining(login: string, resource: Resource, remaining: number, resetInSeconds?: number): Budget {
    const budget = this.budget(login, resource);
    budget.used = Math.max(0, budget.limit - remaining);
    if (resetInSeconds !== undefined) budget.reset = Math.floor(Date.now() / 1000) + resetInSeconds;
    return budget;
  }

  exhausted(login: string, resource: Resource): boolean {
    const b = this.budget(login, resource);
    return b.used >= b.limit;
  }

  spend(login: string, resource: Resource, points: number): Budget {
    const budget = this.budget(login, resource);
    budget.used = Math.min(budget.limit, budget.used + points);
    const s = this.userStats(login);
    if (resource === 'graphql') s.graphqlPoints += points;
    else s.restPoints += points;
    return budget;
  }

  record(login: string, route: string, notModified: boolean, graphql = false): void {
    const s = this.userStats(login);
    s.requests++;
    if (notModified) s.notModified++;
    if (graphql) s.graphqlQueries++;
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1;
  }

  headers(login: string, resource: Resource): Record<string, string> {
    const b = this.budget(login, resource);
    return {
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(Math.max(0, b.limit - b.used)),
      'x-ratelimit-reset': String(b.reset),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-resource': resource,
    };
  }

  userStats(login: string): UserStats {
    let s = this.stats.get(login);
    if (!s) this.stats.set(login, (s = emptyStats()));
    return s;
  }

  snapshot(): Record<string, UserStats & { remaining: Record<Resource, number> }> {
    const out: Record<string, UserStats & { remaining: Record<Resource, number> }> = {};
    for (const [login, s] of this.stats) {
      const remaining = {} as Record<Resource, number>;
      for (const r of Object.keys(LIMITS) as Resource[]) {
        const b = this.budget(login, r);
        remaining[r] = b.limit - b.used;
      }
      out[login] = { ...s, byRoute: { ...s.byRoute }, remaining };
    }
    return out;
  }

  resetStats(): void {
    this.stats.clear();
  }
}

import { notFound, paginate, type Ctx, type Router } from '../http';
import { fullRepository, minimalRepository } from '../serialize';
import type { Repo } from '../state';
import { readableRepo, repoById } from './access';

function sorted(repos: Repo[], ctx: Ctx): Repo[] {
  const sort = ctx.query.get('sort') ?? 'full_name';
  const key = (r: Repo) =>
    sort === 'created' ? r.createdAt : sort === 'updated' ? r.updatedAt : sort === 'pushed' ? r.pushedAt : `${r.owner.login}/${r.name}`.toLowerCase();
  const dir = ctx.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  return repos.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (dir === 'asc' ? 1 : -1));
}

export function registerRepoRoutes(router: Router): void {
  const getRepo = (ctx: Ctx, repo: Repo) => ({ status: 200, body: fullRepository(ctx, repo, ctx.user, ctx.state.canWrite(ctx.user, repo)) });
  router.get('/repos/:owner/:repo', (ctx) => getRepo(ctx, readableRepo(ctx)));
  router.get('/repositories/:id', (ctx) => getRepo(ctx, repoById(ctx)));

  router.get('/user/repos', (ctx) => {
    const mine = [...ctx.state.repos.values()].filter((r) => ctx.state.canWrite(ctx.user, r));
    return paginate(ctx, sorted(mine, ctx), (r) => fullRepository(ctx, r, ctx.user, true));
  });
  router.get('/users/:username/repos', (ctx) => {
    const owner = ctx.state.user(ctx.params.username ?? '');
    if (!owner) throw notFound();
    const repos = [...ctx.state.repos.values()].filter((r) => r.owner.id === owner.id && ctx.state.canRead(ctx.user, r));
    return paginate(ctx, sorted(repos, ctx), (r) => minimalRepository(ctx, r));
  });
}

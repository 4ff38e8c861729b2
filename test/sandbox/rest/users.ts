import { notFound, type Ctx, type Router } from '../http';
import { privateUser, publicUser } from '../serialize';
import type { User } from '../state';

function repoCounts(ctx: Ctx, user: User): { pub: number; priv: number } {
  const owned = [...ctx.state.repos.values()].filter((r) => r.owner.id === user.id);
  return { pub: owned.filter((r) => !r.isPrivate).length, priv: owned.filter((r) => r.isPrivate).length };
}

export function registerUserRoutes(router: Router): void {
  router.get('/user', (ctx) => {
    const { pub, priv } = repoCounts(ctx, ctx.user);
    return { status: 200, body: privateUser(ctx, ctx.user, pub, priv) };
  });
  router.get('/users/:username', (ctx) => {
    const user = ctx.state.user(ctx.params.username ?? '');
    if (!user) throw notFound();
    return { status: 200, body: publicUser(ctx, user, repoCounts(ctx, user).pub) };
  });
}

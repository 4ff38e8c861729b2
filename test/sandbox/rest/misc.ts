import type { Resource } from '../accounting';
import { asRecord, validationFailed, type Router } from '../http';

export function registerMiscRoutes(router: Router): void {
  // Reading the rate limit does not count against it on GitHub.
  router.get('/rate_limit', (ctx) => ({ status: 200, body: rateLimitBody(ctx.user.login, ctx.services.rateLimit), free: true }));

  router.post('/markdown', (ctx) => {
    const body = asRecord(ctx.body);
    if (typeof body.text !== 'string') throw validationFailed([{ resource: 'Markdown', code: 'missing_field', field: 'text' }]);
    return { status: 200, body: `${ctx.services.renderMarkdown(body.text)}\n`, raw: true, headers: { 'content-type': 'text/html;charset=utf-8' } };
  });
  router.post('/markdown/raw', (ctx) => {
    const text = typeof ctx.body === 'string' ? ctx.body : '';
    return { status: 200, body: `${ctx.services.renderMarkdown(text)}\n`, raw: true, headers: { 'content-type': 'text/html;charset=utf-8' } };
  });
}

export function rateLimitBody(
  login: string,
  budget: (this: void, login: string, r: Resource) => { limit: number; used: number; reset: number },
): Record<string, unknown> {
  const one = (r: Resource) => {
    const b = budget(login, r);
    return { limit: b.limit, used: b.used, remaining: Math.max(0, b.limit - b.used), reset: b.reset };
  };
  const resources = { core: one('core'), graphql: one('graphql'), search: one('search') };
  return { resources, rate: resources.core };
}

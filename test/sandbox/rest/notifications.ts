// Notifications of the authenticated user, as GitHub serves them: newest thread first, unread only
// unless `all=true`, `Last-Modified` with the time of the newest change and `X-Poll-Interval`, and a
// request whose `If-Modified-Since` is not older than that answered 304, which costs no rate-limit
// point (the server spends nothing for a 304). Threads can be read, marked read or done, and their
// subscription read, set (ignoring a thread hides it from the list) or removed.
import { asRecord, HttpError, notFound, paginate, validationFailed, type Ctx, type Result, type Router } from '../http';
import { notificationThread } from '../serializeIssues';
import { timestamp, type NotificationThread, type User } from '../state';

interface Subscription {
  subscribed: boolean;
  ignored: boolean;
  createdAt: string;
}

/** Per-user moments that change the list without touching a thread's updated_at (mark read, done). */
const listChangedAt = new WeakMap<User, number>();
const subscriptions = new WeakMap<NotificationThread, Subscription>();

/** Reasons in which the user takes part themselves (`participating=true`). */
const PARTICIPATING = new Set(['assign', 'author', 'comment', 'mention', 'review_requested', 'state_change', 'team_mention']);

function threadsOf(ctx: Ctx): NotificationThread[] {
  return ctx.state.notifications.filter((t) => t.user.id === ctx.user.id && ctx.state.canRead(ctx.user, t.issue.repo));
}

function threadOr404(ctx: Ctx): NotificationThread {
  const thread = threadsOf(ctx).find((t) => t.id === Number(ctx.params.id));
  if (!thread) throw notFound();
  return thread;
}

function touch(user: User): void {
  listChangedAt.set(user, Date.now());
}

/** Whole seconds: HTTP dates carry no more. */
function lastModified(ctx: Ctx): number {
  const times = threadsOf(ctx).flatMap((t) => [Date.parse(t.updatedAt), t.lastReadAt ? Date.parse(t.lastReadAt) : 0]);
  const newest = Math.max(0, listChangedAt.get(ctx.user) ?? 0, ...times);
  return Math.floor(newest / 1000) * 1000;
}

function time(ctx: Ctx, name: string): number | undefined {
  const value = ctx.query.get(name);
  if (value === null) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw validationFailed([{ resource: 'Notification', code: 'invalid', field: name }]);
  return t;
}

function list(ctx: Ctx): Result {
  const headers: Record<string, string> = { 'x-poll-interval': String(ctx.services.pollInterval()) };
  const modified = lastModified(ctx);
  if (modified > 0) headers['last-modified'] = new Date(modified).toUTCString();
  const ims = ctx.req.headers['if-modified-since'];
  if (ims && modified > 0 && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= modified) return { status: 304, headers };
  const all = ctx.query.get('all') === 'true';
  const participating = ctx.query.get('participating') === 'true';
  const after = time(ctx, 'since');
  const before = time(ctx, 'before');
  const threads = threadsOf(ctx)
    .filter((t) => !subscriptions.get(t)?.ignored)
    .filter((t) => (all || t.unread) && (!participating || PARTICIPATING.has(t.reason)))
    .filter((t) => (after === undefined || Date.parse(t.updatedAt) >= after) && (before === undefined || Date.parse(t.updatedAt) < before))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || b.id - a.id);
  // GitHub pages notifications 50 at a time, and no more than 50.
  const query = new URLSearchParams(ctx.query);
  query.set('per_page', String(Math.min(50, Number.parseInt(query.get('per_page') ?? '50', 10) || 50)));
  const page = paginate({ ...ctx, query }, threads, (t) => notificationThread(ctx, t));
  return { ...page, headers: { ...page.headers, ...headers } };
}

function subscriptionJson(ctx: Ctx, t: NotificationThread): Record<string, unknown> {
  const s = subscriptions.get(t) ?? { subscribed: true, ignored: false, createdAt: t.updatedAt };
  return {
    subscribed: s.subscribed,
    ignored: s.ignored,
    reason: t.reason,
    created_at: s.createdAt,
    url: `${ctx.api}/notifications/threads/${t.id}/subscription`,
    thread_url: `${ctx.api}/notifications/threads/${t.id}`,
  };
}

/** `205 Reset Content` with no body, as GitHub answers marking notifications read. */
const resetContent: Result = { status: 205, body: '', raw: true, headers: { 'content-type': 'text/plain;charset=utf-8' } };

export function registerNotificationRoutes(router: Router): void {
  router.get('/notifications', list);

  router.put('/notifications', (ctx) => {
    const body = asRecord(ctx.body);
    const until = typeof body.last_read_at === 'string' ? Date.parse(body.last_read_at) : Date.now();
    if (Number.isNaN(until)) throw validationFailed([{ resource: 'Notification', code: 'invalid', field: 'last_read_at' }]);
    const read = body.read !== false;
    const now = timestamp();
    for (const t of threadsOf(ctx)) {
      if (Date.parse(t.updatedAt) > until) continue; // updated since the client last looked: stays unread
      t.unread = !read;
      if (read) t.lastReadAt = now;
    }
    touch(ctx.user);
    return resetContent;
  });

  router.get('/notifications/threads/:id', (ctx) => ({ status: 200, body: notificationThread(ctx, threadOr404(ctx)) }));

  router.patch('/notifications/threads/:id', (ctx) => {
    const thread = threadOr404(ctx);
    thread.unread = false;
    thread.lastReadAt = timestamp();
    touch(ctx.user);
    return resetContent;
  });

  // Marking a thread done removes it from the user's notifications.
  router.delete('/notifications/threads/:id', (ctx) => {
    const thread = threadOr404(ctx);
    ctx.state.notifications.splice(ctx.state.notifications.indexOf(thread), 1);
    touch(ctx.user);
    return { status: 204 };
  });

  router.get('/notifications/threads/:id/subscription', (ctx) => ({ status: 200, body: subscriptionJson(ctx, threadOr404(ctx)) }));

  router.put('/notifications/threads/:id/subscription', (ctx) => {
    const thread = threadOr404(ctx);
    const ignored = asRecord(ctx.body).ignored;
    if (ignored !== undefined && typeof ignored !== 'boolean') throw new HttpError(422, 'ignored must be a boolean');
    subscriptions.set(thread, { subscribed: ignored !== true, ignored: ignored === true, createdAt: timestamp() });
    touch(ctx.user);
    return { status: 200, body: subscriptionJson(ctx, thread) };
  });

  router.delete('/notifications/threads/:id/subscription', (ctx) => {
    const thread = threadOr404(ctx);
    subscriptions.set(thread, { subscribed: false, ignored: false, createdAt: timestamp() });
    touch(ctx.user);
    return { status: 204 };
  });
}

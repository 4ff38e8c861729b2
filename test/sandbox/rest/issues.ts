// Issues and issue comments, GitHub's paths and shapes. Issues and pull requests share one numbering
// per repository, so the issue endpoints (get, edit, comments, labels) also serve pull requests, and
// the issue list includes them, as on GitHub. Every change updates timestamps, notifies the users who
// follow the issue (SandboxState.notify) and is emitted to the sandbox's listeners.
import { asRecord, HttpError, notFound, paginate, validationFailed, type Ctx, type Router } from '../http';
import { issue as issueJson, issueComment } from '../serializeIssues';
import { timestamp, type Issue, type IssueComment, type Repo, type User } from '../state';
import { issueIn, readableRepo, repoById } from './access';
import { registerLabelRoutes, resolveLabels } from './labels';

const MENTION = /(?:^|[^\w`])@([A-Z0-9][A-Z0-9-]{0,38})/gi;

function mentionsUser(text: string | null, login: string): boolean {
  return [...(text ?? '').matchAll(MENTION)].some((m) => m[1]?.toLowerCase() === login.toLowerCase());
}

/** Compares ISO timestamps, then ids, so items created in the same second keep their creation order. */
function byTime<T extends { id: number }>(key: (x: T) => string | number, direction: string | null): (a: T, b: T) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
  };
}

/** `since` as GitHub reads it: items updated at or after the timestamp; 422 when it is not one. */
function since(ctx: Ctx): number | undefined {
  const value = ctx.query.get('since');
  if (value === null) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'since' }]);
  return t;
}

function assignable(repo: Repo, user: User): boolean {
  return repo.owner.id === user.id || repo.collaborators.has(user.login.toLowerCase());
}

function resolveAssignees(ctx: Ctx, repo: Repo, input: unknown): User[] {
  const logins = Array.isArray(input) ? input : input === null || input === undefined ? [] : [input];
  const out: User[] = [];
  for (const login of logins) {
    const user = typeof login === 'string' ? ctx.state.user(login) : undefined;
    if (!user || !assignable(repo, user)) throw validationFailed([{ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' }]);
    if (!out.includes(user)) out.push(user);
  }
  return out;
}

function listIssues(ctx: Ctx, repo: Repo) {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
  const labels = (q.get('labels') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const after = since(ctx);
  const creator = q.get('creator')?.toLowerCase();
  const mentioned = q.get('mentioned');
  const assignee = q.get('assignee');
  const milestone = q.get('milestone');
  const items = [...repo.issues.values()].filter(
    (i) =>
      (state === 'all' || i.state === state) &&
      labels.every((name) => i.labels.some((l) => l.name.toLowerCase() === name)) &&
      (after === undefined || Date.parse(i.updatedAt) >= after) &&
      (!creator || i.user.login.toLowerCase() === creator) &&
      (!mentioned || mentionsUser(i.body, mentioned) || i.comments.some((c) => mentionsUser(c.body, mentioned))) &&
      (!assignee ||
        (assignee === 'none'
          ? i.assignees.length === 0
          : assignee === '*'
            ? i.assignees.length > 0
            : i.assignees.some((u) => u.login.toLowerCase() === assignee.toLowerCase()))) &&
      (!milestone || milestone === 'none'),
  );
  const sort = q.get('sort') ?? 'created';
  const key = (i: Issue) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? i.comments.length : i.createdAt);
  items.sort(byTime(key, q.get('direction') ?? 'desc'));
  // GitHub points the Link header of a repository's issues at /repositories/<id>/issues.
  return paginate(ctx, items, (i) => issueJson(ctx, i), `/repositories/${repo.id}/issues`);
}

function findComment(repo: Repo, id: string | undefined): IssueComment {
  for (const issue of repo.issues.values()) {
    const found = issue.comments.find((c) => c.id === Number(id));
    if (found) return found;
  }
  throw notFound();
}

function changed(ctx: Ctx, issue: Issue, text?: string, latestComment?: IssueComment): void {
  const now = timestamp();
  issue.updatedAt = now;
  issue.repo.updatedAt = now;
  ctx.state.notify(issue, ctx.user, {
    ...(text === undefined ? {} : { text }),
    ...(latestComment ? { latestComment: { kind: 'issue_comment', id: latestComment.id } } : {}),
  });
}

function createIssue(ctx: Ctx) {
  const repo = readableRepo(ctx);
  const body = asRecord(ctx.body);
  const title = typeof body.title === 'number' ? String(body.title) : body.title;
  if (typeof title !== 'string' || !title.trim()) throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
  if (body.body !== undefined && body.body !== null && typeof body.body !== 'string') {
    throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'body' }]);
  }
  // Labels and assignees are set only by users with push access; GitHub silently drops them otherwise.
  const canWrite = ctx.state.canWrite(ctx.user, repo);
  const assignees = canWrite ? resolveAssignees(ctx, repo, body.assignees ?? body.assignee) : [];
  const labels = canWrite && body.labels !== undefined ? resolveLabels(ctx, repo, body.labels) : [];
  const now = timestamp();
  const created: Issue = {
    id: ctx.state.id(),
    repo,
    number: repo.nextNumber++,
    user: ctx.user,
    title,
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    stateReason: null,
    labels,
    assignees,
    comments: [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    pull: null,
  };
  repo.issues.set(created.number, created);
  changed(ctx, created, created.body ?? '');
  ctx.state.emit({ type: 'issue', issue: created, actor: ctx.user });
  const json = issueJson(ctx, created);
  return { status: 201, body: json, headers: { location: String(json.url) } };
}

function updateIssue(ctx: Ctx) {
  const repo = readableRepo(ctx);
  const target = issueIn(repo, ctx.params.number);
  const canWrite = ctx.state.canWrite(ctx.user, repo);
  if (!canWrite && target.user.id !== ctx.user.id) throw new HttpError(403, 'Must have admin rights to Repository.');
  const body = asRecord(ctx.body);
  if ('title' in body) {
    if (typeof body.title !== 'string' && typeof body.title !== 'number') throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'title' }]);
    if (!String(body.title).trim()) throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    target.title = String(body.title);
  }
  if ('body' in body) target.body = typeof body.body === 'string' ? body.body : null;
  const reason = body.state_reason;
  if (reason !== undefined && reason !== null && !(typeof reason === 'string' && ['completed', 'not_planned', 'reopened'].includes(reason))) {
    throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state_reason' }]);
  }
  if (body.state !== undefined) {
    if (body.state !== 'open' && body.state !== 'closed') throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
    if (body.state === 'closed' && target.state === 'open') {
      if (target.pull?.merged) throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
      target.state = 'closed';
      target.stateReason = target.pull ? null : reason === 'not_planned' ? 'not_planned' : 'completed';
      target.closedAt = timestamp();
      target.closedBy = ctx.user;
    } else if (body.state === 'open' && target.state === 'closed') {
      if (target.pull?.merged) throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
      target.state = 'open';
      target.stateReason = target.pull ? null : 'reopened';
      target.closedAt = null;
    }
  } else if (typeof reason === 'string' && target.state === 'closed' && !target.pull && reason !== 'reopened') {
    target.stateReason = reason as 'completed' | 'not_planned';
  }
  if (canWrite && body.labels !== undefined) target.labels.splice(0, target.labels.length, ...resolveLabels(ctx, repo, body.labels ?? []));
  if (canWrite && (body.assignees !== undefined || body.assignee !== undefined)) {
    target.assignees.splice(0, target.assignees.length, ...resolveAssignees(ctx, repo, body.assignees ?? body.assignee));
  }
  changed(ctx, target, typeof body.body === 'string' ? body.body : undefined);
  ctx.state.emit(target.pull ? { type: 'pull_request', pull: target, actor: ctx.user } : { type: 'issue', issue: target, actor: ctx.user });
  return { status: 200, body: issueJson(ctx, target) };
}

function createComment(ctx: Ctx) {
  const repo = readableRepo(ctx);
  const target = issueIn(repo, ctx.params.number);
  const body = asRecord(ctx.body).body;
  if (typeof body !== 'string' || !body.trim()) throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
  if (target.locked && !ctx.state.canWrite(ctx.user, repo)) throw new HttpError(403, 'Unable to create comment because issue is locked.');
  const now = timestamp();
  const comment: IssueComment = { id: ctx.state.id(), issue: target, user: ctx.user, body, createdAt: now, updatedAt: now };
  target.comments.push(comment);
  changed(ctx, target, body, comment);
  ctx.state.emit({ type: 'issue_comment', comment, actor: ctx.user });
  const json = issueComment(ctx, comment);
  return { status: 201, body: json, headers: { location: String(json.url) } };
}

/** The author of a comment, or someone with push access, may change or delete it. */
function ownComment(ctx: Ctx): IssueComment {
  const repo = readableRepo(ctx);
  const comment = findComment(repo, ctx.params.id);
  if (comment.user.id !== ctx.user.id && !ctx.state.canWrite(ctx.user, repo)) throw new HttpError(403, 'Must have admin rights to Repository.');
  return comment;
}

export function registerIssueRoutes(router: Router): void {
  registerLabelRoutes(router);

  // Repository-wide comments first: `/issues/comments` must not be read as an issue number.
  router.get('/repos/:owner/:repo/issues/comments', (ctx) => {
    const repo = readableRepo(ctx);
    const after = since(ctx);
    const all = [...repo.issues.values()].flatMap((i) => i.comments).filter((c) => after === undefined || Date.parse(c.updatedAt) >= after);
    const sort = ctx.query.get('sort') ?? 'created';
    if (!['created', 'updated'].includes(sort)) throw validationFailed([{ resource: 'IssueComment', code: 'invalid', field: 'sort' }]);
    all.sort(byTime((c) => (sort === 'updated' ? c.updatedAt : c.createdAt), ctx.query.get('direction') ?? 'asc'));
    return paginate(ctx, all, (c) => issueComment(ctx, c));
  });
  router.get('/repos/:owner/:repo/issues/comments/:id', (ctx) => ({ status: 200, body: issueComment(ctx, findComment(readableRepo(ctx), ctx.params.id)) }));
  router.patch('/repos/:owner/:repo/issues/comments/:id', (ctx) => {
    const comment = ownComment(ctx);
    const body = asRecord(ctx.body).body;
    if (typeof body !== 'string' || !body.trim()) throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    comment.body = body;
    comment.updatedAt = timestamp();
    comment.issue.updatedAt = comment.updatedAt;
    // Not emitted: SandboxEvent has no "edited" kind, and listeners (the demo partner) read issue_comment as a new comment.
    return { status: 200, body: issueComment(ctx, comment) };
  });
  router.delete('/repos/:owner/:repo/issues/comments/:id', (ctx) => {
    const comment = ownComment(ctx);
    const list = comment.issue.comments;
    list.splice(list.indexOf(comment), 1);
    comment.issue.updatedAt = timestamp();
    return { status: 204 };
  });

  router.get('/repos/:owner/:repo/issues', (ctx) => listIssues(ctx, readableRepo(ctx)));
  router.get('/repositories/:id/issues', (ctx) => listIssues(ctx, repoById(ctx)));
  router.post('/repos/:owner/:repo/issues', createIssue);
  router.get('/repos/:owner/:repo/issues/:number', (ctx) => ({ status: 200, body: issueJson(ctx, issueIn(readableRepo(ctx), ctx.params.number)) }));
  router.patch('/repos/:owner/:repo/issues/:number', updateIssue);

  router.get('/repos/:owner/:repo/issues/:number/comments', (ctx) => {
    const target = issueIn(readableRepo(ctx), ctx.params.number);
    const after = since(ctx);
    return paginate(
      ctx,
      target.comments.filter((c) => after === undefined || Date.parse(c.updatedAt) >= after),
      (c) => issueComment(ctx, c),
    );
  });
  router.post('/repos/:owner/:repo/issues/:number/comments', createComment);
}

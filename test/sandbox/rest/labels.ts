// Labels: a repository's labels (list, create, get, update with `new_name`, delete) and the labels of
// an issue or pull request (list, add, replace, remove one, remove all). As on GitHub, adding a label
// name the repository does not have creates it (colour `ededed`), and names match case-insensitively.
import { asRecord, HttpError, notFound, paginate, validationFailed, type Ctx, type Router } from '../http';
import { label } from '../serialize';
import { timestamp, type Issue, type Label, type Repo } from '../state';
import { issueIn, readableRepo } from './access';

const COLOR = /^[0-9a-f]{6}$/i;

/** Repository writes need push access; a reader who may not is refused as GitHub refuses it. */
export function writableRepo(ctx: Ctx): Repo {
  const repo = readableRepo(ctx);
  if (!ctx.state.canWrite(ctx.user, repo)) throw new HttpError(403, 'Must have push access to this repository.');
  return repo;
}

export function findLabel(repo: Repo, name: string): Label | undefined {
  const wanted = name.toLowerCase();
  return repo.labels.find((l) => l.name.toLowerCase() === wanted);
}

function labelOr404(repo: Repo, name: string | undefined): Label {
  const found = findLabel(repo, name ?? '');
  if (!found) throw notFound();
  return found;
}

function color(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  const text = typeof value === 'string' ? value.replace(/^#/, '') : '';
  if (!COLOR.test(text)) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
  return text; // GitHub keeps the case it was given
}

/**
 * Label names from a request (`["bug"]`, `[{ "name": "bug" }]`, `{ "labels": [...] }`), resolved to the
 * repository's labels; unknown names are created with GitHub's default colour.
 */
export function resolveLabels(ctx: Ctx, repo: Repo, input: unknown): Label[] {
  const list = Array.isArray(input) ? input : typeof input === 'string' ? [input] : undefined;
  if (!list) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'labels' }]);
  const out: Label[] = [];
  for (const item of list) {
    const name = typeof item === 'string' ? item : asRecord(item).name;
    if (typeof name !== 'string' || !name.trim()) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }]);
    let found = findLabel(repo, name.trim());
    if (!found) {
      found = { id: ctx.state.id(), name: name.trim(), color: 'ededed', description: null, isDefault: false };
      repo.labels.push(found);
    }
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

function labelsInBody(body: unknown): unknown {
  return Array.isArray(body) || typeof body === 'string' ? body : asRecord(body).labels;
}

function labelsChanged(ctx: Ctx, issue: Issue): void {
  issue.updatedAt = timestamp();
  ctx.state.emit({ type: 'labeled', issue, actor: ctx.user });
}

export function registerLabelRoutes(router: Router): void {
  const labelJson = (ctx: Ctx, repo: Repo) => (l: Label) => label(ctx, repo, l);

  router.get('/repos/:owner/:repo/labels', (ctx) => {
    const repo = readableRepo(ctx);
    return paginate(ctx, repo.labels, labelJson(ctx, repo));
  });

  router.post('/repos/:owner/:repo/labels', (ctx) => {
    const repo = writableRepo(ctx);
    const body = asRecord(ctx.body);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
    const c = color(body.color, 'ededed');
    if (findLabel(repo, name)) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const created: Label = {
      id: ctx.state.id(),
      name,
      color: c,
      description: typeof body.description === 'string' ? body.description : null,
      isDefault: false,
    };
    repo.labels.push(created);
    const json = label(ctx, repo, created);
    return { status: 201, body: json, headers: { location: String(json.url) } };
  });

  router.get('/repos/:owner/:repo/labels/:name', (ctx) => {
    const repo = readableRepo(ctx);
    return { status: 200, body: label(ctx, repo, labelOr404(repo, ctx.params.name)) };
  });

  router.patch('/repos/:owner/:repo/labels/:name', (ctx) => {
    const repo = writableRepo(ctx);
    const found = labelOr404(repo, ctx.params.name);
    const body = asRecord(ctx.body);
    const newName = typeof body.new_name === 'string' ? body.new_name.trim() : undefined;
    const c = color(body.color, found.color);
    if (newName !== undefined) {
      const clash = findLabel(repo, newName);
      if (!newName || (clash && clash !== found)) throw validationFailed([{ resource: 'Label', code: newName ? 'already_exists' : 'invalid', field: 'name' }]);
      found.name = newName;
    }
    found.color = c;
    if (typeof body.description === 'string' || body.description === null) found.description = body.description;
    return { status: 200, body: label(ctx, repo, found) };
  });

  router.delete('/repos/:owner/:repo/labels/:name', (ctx) => {
    const repo = writableRepo(ctx);
    const found = labelOr404(repo, ctx.params.name);
    repo.labels.splice(repo.labels.indexOf(found), 1);
    for (const issue of repo.issues.values()) {
      const at = issue.labels.indexOf(found);
      if (at >= 0) issue.labels.splice(at, 1);
    }
    return { status: 204 };
  });

  // The labels of one issue or pull request.
  router.get('/repos/:owner/:repo/issues/:number/labels', (ctx) => {
    const repo = readableRepo(ctx);
    return paginate(ctx, issueIn(repo, ctx.params.number).labels, labelJson(ctx, repo));
  });

  const setLabels = (replace: boolean) => (ctx: Ctx) => {
    const repo = writableRepo(ctx);
    const issue = issueIn(repo, ctx.params.number);
    const wanted = resolveLabels(ctx, repo, labelsInBody(ctx.body) ?? []);
    if (replace) issue.labels.splice(0, issue.labels.length);
    for (const l of wanted) if (!issue.labels.includes(l)) issue.labels.push(l);
    labelsChanged(ctx, issue);
    return { status: 200, body: issue.labels.map(labelJson(ctx, repo)) };
  };
  router.post('/repos/:owner/:repo/issues/:number/labels', setLabels(false));
  router.put('/repos/:owner/:repo/issues/:number/labels', setLabels(true));

  router.delete('/repos/:owner/:repo/issues/:number/labels', (ctx) => {
    const repo = writableRepo(ctx);
    const issue = issueIn(repo, ctx.params.number);
    issue.labels.splice(0, issue.labels.length);
    labelsChanged(ctx, issue);
    return { status: 204 };
  });

  router.delete('/repos/:owner/:repo/issues/:number/labels/:name', (ctx) => {
    const repo = writableRepo(ctx);
    const issue = issueIn(repo, ctx.params.number);
    const found = findLabel(repo, ctx.params.name ?? '');
    const at = found ? issue.labels.indexOf(found) : -1;
    if (at < 0) throw new HttpError(404, 'Label does not exist');
    issue.labels.splice(at, 1);
    labelsChanged(ctx, issue);
    return { status: 200, body: issue.labels.map(labelJson(ctx, repo)) };
  });
}

// The admin surface under /_sandbox/, for tests, benchmarks and the demo. Only the admin token
// (printed in the sandbox's first stdout line) may call it. With `X-Sandbox-As: <login>` the admin
// token may also call any REST or GraphQL route as that user (acting as the partner).
import type { Resource } from './accounting';
import { parseFaultSpec } from './faults';
import { asRecord, HttpError, type Router } from './http';
import type { Sandbox } from './server';
import { createRepo, pushCommit } from './repos';
import { newToken } from './state';

export function adminRoutes(router: Router, sandbox: Sandbox): void {
  const { state, accounting, faults } = sandbox;
  const userOr404 = (login: string) => {
    const user = state.user(login);
    if (!user) throw new HttpError(404, `no user ${login}`);
    return user;
  };

  router.get('/_sandbox/stats', () => ({ status: 200, body: accounting.snapshot() }));
  router.post('/_sandbox/stats/reset', () => {
    accounting.resetStats();
    return { status: 204 };
  });

  router.get('/_sandbox/faults', () => ({ status: 200, body: faults.list() }));
  router.post('/_sandbox/faults', (ctx) => {
    const spec = parseFaultSpec(ctx.body);
    if (typeof spec === 'string') throw new HttpError(400, spec);
    return { status: 201, body: faults.add(spec) };
  });
  router.delete('/_sandbox/faults', () => {
    faults.clear();
    return { status: 204 };
  });

  router.post('/_sandbox/rate-limit', (ctx) => {
    const body = asRecord(ctx.body);
    const user = userOr404(String(body.login));
    const resource = (body.resource ?? 'core') as Resource;
    if (!['core', 'graphql', 'search'].includes(resource)) throw new HttpError(400, 'resource must be core, graphql or search');
    if (typeof body.remaining !== 'number') throw new HttpError(400, 'remaining must be a number');
    const budget = accounting.setRemaining(user.login, resource, body.remaining, typeof body.resetIn === 'number' ? body.resetIn : undefined);
    return { status: 200, body: budget };
  });

  // Hostile-content tests: serve bodies as HTML without sanitizing them (see Sandbox.unsanitizedHtml).
  router.put('/_sandbox/unsanitized-html', (ctx) => {
    const on = asRecord(ctx.body).enabled;
    if (typeof on !== 'boolean') throw new HttpError(400, 'enabled must be true or false');
    sandbox.unsanitizedHtml = on;
    return { status: 200, body: { enabled: on } };
  });

  router.put('/_sandbox/poll-interval', (ctx) => {
    const seconds = asRecord(ctx.body).seconds;
    if (typeof seconds !== 'number' || seconds < 0) throw new HttpError(400, 'seconds must be a non-negative number');
    sandbox.pollInterval = seconds;
    return { status: 204 };
  });

  router.post('/_sandbox/users', (ctx) => {
    const body = asRecord(ctx.body);
    if (typeof body.login !== 'string' || !/^[A-Z0-9][A-Z0-9-]{0,38}$/i.test(body.login)) throw new HttpError(400, 'login is not a valid GitHub login');
    if (state.user(body.login)) throw new HttpError(409, `${body.login} exists`);
    const user = state.addUser(body.login, typeof body.name === 'string' ? body.name : body.login);
    return { status: 201, body: { login: user.login, token: user.token } };
  });

  /** Revokes a user's token (requests with it then get 401 Bad credentials) and issues a new one. */
  router.post('/_sandbox/users/:login/revoke', (ctx) => {
    const user = userOr404(ctx.params.login ?? '');
    user.token = newToken();
    return { status: 200, body: { login: user.login, token: user.token } };
  });

  router.post('/_sandbox/repos', async (ctx) => {
    const body = asRecord(ctx.body);
    const owner = userOr404(String(body.owner));
    if (typeof body.name !== 'string' || !/^[\w.-]+$/.test(body.name)) throw new HttpError(400, 'name is not a valid repository name');
    if (state.repo(owner.login, body.name)) throw new HttpError(409, `${owner.login}/${body.name} exists`);
    const files = asRecord(body.files) as Record<string, string>;
    const repo = await createRepo(sandbox, owner, body.name, {
      isPrivate: body.private === true,
      description: typeof body.description === 'string' ? body.description : null,
      defaultBranch: typeof body.defaultBranch === 'string' ? body.defaultBranch : 'main',
      files,
      collaborators: Array.isArray(body.collaborators) ? body.collaborators.map(String) : [],
    });
    return { status: 201, body: { id: repo.id, full_name: `${owner.login}/${repo.name}`, clone_url: `${sandbox.url}/${owner.login}/${repo.name}.git` } };
  });

  /** Commits files on a branch as if the user had pushed it. */
  router.post('/_sandbox/repos/:owner/:repo/commits', async (ctx) => {
    const repo = state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
    if (!repo) throw new HttpError(404, 'no such repository');
    const body = asRecord(ctx.body);
    const author = userOr404(typeof body.author === 'string' ? body.author : repo.owner.login);
    if (typeof body.branch !== 'string') throw new HttpError(400, 'branch is required');
    const sha = await pushCommit(
      sandbox,
      repo,
      author,
      body.branch,
      typeof body.parent === 'string' ? body.parent : null,
      asRecord(body.files) as Record<string, string | null>,
      typeof body.message === 'string' ? body.message : 'Update',
    );
    return { status: 201, body: { sha } };
  });

  router.get('/_sandbox/state', () => ({
    status: 200,
    body: {
      users: [...state.users.values()].map((u) => u.login),
      repos: [...state.repos.values()].map((r) => ({
        full_name: `${r.owner.login}/${r.name}`,
        issues: [...r.issues.values()].map((i) => ({ number: i.number, title: i.title, pull: Boolean(i.pull), state: i.state })),
      })),
      faults: faults.list().length,
      pollInterval: sandbox.pollInterval,
    },
  }));
}

import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { rejection, startHarness, type Harness } from './harness';

const repo = path.resolve(import.meta.dirname, '../../..');

describe('sandbox: core behaviour', () => {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(() => h.close());
  afterEach(() => h.admin('DELETE', '/_sandbox/faults'));

  it('prints one JSON line with its URL and user tokens first, then serves until killed', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const first = JSON.parse(line) as { url: string; users: Record<string, string> };
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(Object.keys(first.users).sort(), ['ada', 'eve', 'grace']);
      const me = await fetch(`${first.url}/user`, { headers: { authorization: `token ${first.users.grace}` } });
      assert.equal(((await me.json()) as { login: string }).login, 'grace');
    } finally {
      child.kill();
    }
  });

  it('answers as the token user, and 401 for a bad or missing token', async () => {
    const { data } = await h.client('ada').rest.users.getAuthenticated();
    assert.equal(data.login, 'ada');
    const bad = await fetch(`${h.sandbox.url}/user`, { headers: { authorization: 'token ghp_not_a_token' } });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { message: string }).message, 'Bad credentials');
    assert.equal((await fetch(`${h.sandbox.url}/user`)).status, 401);
  });

  it('drains the core budget one point per REST request and reports it in x-ratelimit-* headers', async () => {
    const ada = h.client('ada');
    const first = await ada.rest.users.getByUsername({ username: 'grace' });
    const second = await ada.rest.repos.get({ owner: 'ada', repo: 'sample' });
    assert.equal(Number(first.headers['x-ratelimit-remaining']) - 1, Number(second.headers['x-ratelimit-remaining']));
    assert.equal(first.headers['x-ratelimit-resource'], 'core');
    const limit = await ada.rest.rateLimit.get();
    assert.equal(limit.data.resources.core.remaining, Number(second.headers['x-ratelimit-remaining']), 'GET /rate_limit itself is free');
  });

  it('answers If-None-Match with 304 that costs nothing', async () => {
    const url = `${h.sandbox.url}/repos/ada/sample`;
    const auth = { authorization: `token ${h.sandbox.users().ada}` };
    const first = await fetch(url, { headers: auth });
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const before = h.sandbox.accounting.budget('ada', 'core').used;
    const again = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(h.sandbox.accounting.budget('ada', 'core').used, before);
    assert.equal(again.headers.get('x-ratelimit-used'), String(before));
  });

  it('answers 404, not 403, for a private repository the user cannot see', async () => {
    await h.admin('POST', '/_sandbox/repos', { owner: 'grace', name: 'secret', private: true, files: { 'a.txt': 'a\n' } });
    const error = await rejection(h.client('eve').rest.repos.get({ owner: 'grace', repo: 'secret' }));
    assert.equal(error.status, 404);
    const { data } = await h.client('grace').rest.repos.get({ owner: 'grace', repo: 'secret' });
    assert.equal(data.private, true);
  });

  it('pages lists with GitHub Link headers', async () => {
    for (const name of ['one', 'two']) await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name, files: { 'x.md': name } });
    const ada = h.client('ada');
    const page1 = await ada.rest.repos.listForUser({ username: 'ada', per_page: 2 });
    assert.equal(page1.data.length, 2);
    assert.match(page1.headers.link ?? '', /rel="next"/);
    assert.match(page1.headers.link ?? '', /rel="last"/);
    const all = await ada.paginate(ada.rest.repos.listForUser, { username: 'ada', per_page: 2 });
    assert.deepEqual(all.map((r) => r.name).sort(), ['one', 'sample', 'two']);
  });

  it('serves the GitHub Enterprise layout under /api/v3 with matching urls', async () => {
    const ghes = h.client('ada', { baseUrl: `${h.sandbox.url}/api/v3` });
    const { data } = await ghes.rest.repos.get({ owner: 'ada', repo: 'sample' });
    assert.equal(data.url, `${h.sandbox.url}/api/v3/repos/ada/sample`);
    assert.equal(data.clone_url, `${h.sandbox.url}/ada/sample.git`);
    const viewer = await ghes.graphql<{ viewer: { login: string } }>('{ viewer { login } }');
    assert.equal(viewer.viewer.login, 'ada');
  });

  it('sends a label without a description as null, as GitHub does, and that passes the contract', async () => {
    const ada = h.client('ada');
    const { data: issue } = await ada.rest.issues.create({ owner: 'ada', repo: 'sample', title: 'Label me' });
    const { data: labels } = await ada.rest.issues.addLabels({ owner: 'ada', repo: 'sample', issue_number: issue.number, labels: ['needs-thought'] });
    assert.equal(labels.find((l) => l.name === 'needs-thought')?.description, null);
    const { data: again } = await ada.rest.issues.get({ owner: 'ada', repo: 'sample', issue_number: issue.number });
    assert.equal(again.labels.length, 1);
  });

  it('refuses the admin surface to user tokens', async () => {
    const res = await fetch(`${h.sandbox.url}/_sandbox/stats`, { headers: { authorization: `token ${h.sandbox.users().ada}` } });
    assert.equal(res.status, 403);
  });

  it('counts requests and points per user on the admin surface', async () => {
    await h.admin('POST', '/_sandbox/stats/reset');
    await h.client('grace').rest.users.getAuthenticated();
    const stats = (await (await h.admin('GET', '/_sandbox/stats')).json()) as Record<string, { requests: number; restPoints: number }>;
    assert.equal(stats.grace?.requests, 1);
    assert.equal(stats.grace?.restPoints, 1);
  });

  it('lets the admin token act as a user with X-Sandbox-As', async () => {
    const res = await fetch(`${h.sandbox.url}/user`, { headers: { authorization: `token ${h.sandbox.adminToken}`, 'x-sandbox-as': 'grace' } });
    assert.equal(((await res.json()) as { login: string }).login, 'grace');
  });

  describe('injected faults', () => {
    it('answers a server error', async () => {
      await h.admin('POST', '/_sandbox/faults', { kind: 'status', status: 502, path: '^/user$', count: 1 });
      assert.equal((await rejection(h.client('ada', { checkContract: false }).rest.users.getAuthenticated())).status, 502);
      assert.equal((await h.client('ada').rest.users.getAuthenticated()).status, 200, 'count: 1 fails once only');
    });

    it('resets the connection', async () => {
      await h.admin('POST', '/_sandbox/faults', { kind: 'reset', login: 'ada', count: 1 });
      await assert.rejects(fetch(`${h.sandbox.url}/user`, { headers: { authorization: `token ${h.sandbox.users().ada}` } }));
    });

    it('hangs until the client gives up', async () => {
      await h.admin('POST', '/_sandbox/faults', { kind: 'timeout', path: '^/user$', count: 1 });
      await assert.rejects(
        fetch(`${h.sandbox.url}/user`, { headers: { authorization: `token ${h.sandbox.users().ada}` }, signal: AbortSignal.timeout(300) }),
        /TimeoutError|aborted/,
      );
    });

    it('revokes a token: 401 until the user has the new one', async () => {
      const old = h.sandbox.users().eve;
      const res = await h.admin('POST', '/_sandbox/users/eve/revoke');
      const { token } = (await res.json()) as { token: string };
      assert.notEqual(token, old);
      assert.equal((await fetch(`${h.sandbox.url}/user`, { headers: { authorization: `token ${old}` } })).status, 401);
      assert.equal((await fetch(`${h.sandbox.url}/user`, { headers: { authorization: `token ${token}` } })).status, 200);
    });

    it('exhausts the primary rate limit: 403 with x-ratelimit-remaining 0 and a reset time', async () => {
      await h.admin('POST', '/_sandbox/faults', { kind: 'rate-limit', login: 'grace', retryAfter: 120, count: 1 });
      const error = await rejection(h.client('grace').rest.users.getAuthenticated());
      assert.equal(error.status, 403);
      assert.equal(error.response?.headers['x-ratelimit-remaining'], '0');
      const reset = Number(error.response?.headers['x-ratelimit-reset']);
      assert.ok(reset > Date.now() / 1000 + 60);
      assert.match(String((error.response?.data as { message: string }).message), /API rate limit exceeded/);
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'grace', remaining: 5000 });
    });

    it('answers a secondary rate limit with retry-after, as 403 or 429', async () => {
      for (const status of [403, 429]) {
        await h.admin('POST', '/_sandbox/faults', { kind: 'secondary-rate-limit', status, retryAfter: 7, count: 1 });
        const error = await rejection(h.client('ada', { checkContract: false }).rest.users.getAuthenticated());
        assert.equal(error.status, status);
        assert.equal(error.response?.headers['retry-after'], '7');
        assert.match(String((error.response?.data as { message: string }).message), /secondary rate limit/);
      }
    });
  });

  it('serves real git over smart HTTP: clone, and push with a token', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-sandbox-git-'));
    try {
      // Asynchronous on purpose: a synchronous git call would block the in-process sandbox it talks to.
      const run = async (args: string[], cwd = dir) =>
        (await promisify(execFile)('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout;
      await run(['clone', '--quiet', `${h.sandbox.url}/ada/sample.git`, 'sample']);
      const work = path.join(dir, 'sample');
      assert.match(readFileSync(path.join(work, 'src/math.ts'), 'utf8'), /export function mean/);
      writeFileSync(path.join(work, 'NOTES.md'), 'pushed\n');
      await run(['add', 'NOTES.md'], work);
      await run(['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '--quiet', '-m', 'notes'], work);
      await assert.rejects(run(['push', '--quiet', 'origin', 'HEAD:refs/heads/anonymous'], work), /Authentication|could not read Username|401/);
      await run(['push', '--quiet', `http://ada:${h.sandbox.users().ada}@${h.sandbox.url.slice(7)}/ada/sample.git`, 'HEAD:refs/heads/notes'], work);
      const refs = await run(['ls-remote', `${h.sandbox.url}/ada/sample.git`]);
      assert.match(refs, /refs\/heads\/notes/);
      const eve = `http://eve:${h.sandbox.users().eve}@${h.sandbox.url.slice(7)}/ada/sample.git`;
      await assert.rejects(run(['push', '--quiet', eve, 'HEAD:refs/heads/eve'], work), /denied|403/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders markdown like GitHub and strips what could run', async () => {
    const { data } = await h
      .client('ada')
      .rest.markdown.render({ text: '**hi** @grace <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' });
    assert.match(data, /<strong>hi<\/strong>/);
    assert.match(data, /<a href="[^"]+\/grace"[^>]*class="user-mention"|class="user-mention"[^>]*href="[^"]+\/grace"/);
    assert.doesNotMatch(data, /<script|href="javascript:|onerror/);
    assert.match(data, /\[x\]\(javascript:alert\(1\)\)/, 'an unsafe link stays inert text, as on GitHub');
  });

  it('serves bodies as unsanitized HTML only while the admin switch is on (for hostile-content tests)', async () => {
    const text = '<img src=x onerror=alert(1)>';
    const put = (enabled: unknown) => h.admin('PUT', '/_sandbox/unsanitized-html', { enabled });
    assert.equal((await put('yes')).status, 400);
    assert.equal((await put(true)).status, 200);
    try {
      assert.equal((await h.client('ada').rest.markdown.render({ text })).data.trim(), text);
    } finally {
      assert.equal((await put(false)).status, 200);
    }
    assert.doesNotMatch((await h.client('ada').rest.markdown.render({ text })).data, /onerror/);
  });

  describe('GraphQL', () => {
    it('executes against GitHub’s schema and charges the query cost to the graphql budget', async () => {
      const before = h.sandbox.accounting.budget('ada', 'graphql').used;
      const result = await h
        .client('ada')
        .graphql<{ viewer: { login: string }; rateLimit: { cost: number; remaining: number } }>('{ viewer { login } rateLimit { cost remaining } }');
      assert.equal(result.viewer.login, 'ada');
      assert.equal(result.rateLimit.cost, 1);
      assert.equal(h.sandbox.accounting.budget('ada', 'graphql').used, before + 1);
      assert.equal(result.rateLimit.remaining, 5000 - before - 1);
    });

    it('rejects a query that does not validate against the schema', async () => {
      await assert.rejects(h.client('ada').graphql('{ viewer { notAField } }'), /Cannot query field "notAField" on type "User"/);
    });

    it('fails loudly for a field the sandbox has no resolver for', async () => {
      await assert.rejects(h.client('ada').graphql('{ viewer { login bio } }'), /no resolver for User\.bio/);
    });
  });
});

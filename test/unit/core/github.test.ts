import { strict as assert } from 'node:assert';
import { createGitHubClient, describeProblem, fetchViewer } from '../../../src/core/github/client';
import { authProviderFor, displayHost, GITHUB_API, normalizeApiUrl } from '../../../src/core/github/hosts';
import { freePort } from '../../../scripts/lib/codeServer';
import { startHarness, type Harness } from '../sandbox/harness';

describe('core/github/hosts', () => {
  it('normalises API URLs and names their hosts', () => {
    assert.equal(normalizeApiUrl(''), GITHUB_API);
    assert.equal(normalizeApiUrl(' https://ghe.example.com/api/v3/ '), 'https://ghe.example.com/api/v3');
    assert.equal(displayHost(GITHUB_API), 'github.com');
    assert.equal(displayHost('http://127.0.0.1:3000/api/v3'), '127.0.0.1:3000');
  });

  it('picks VS Code’s github provider for github.com and github-enterprise only for the configured GHES host', () => {
    assert.equal(authProviderFor(GITHUB_API, undefined), 'github');
    assert.equal(authProviderFor('https://ghe.example.com/api/v3', 'https://ghe.example.com'), 'github-enterprise');
    assert.equal(authProviderFor('https://ghe.example.com/api/v3', 'https://other.example.com'), undefined);
    assert.equal(authProviderFor('http://127.0.0.1:3000/api/v3', undefined), undefined);
    assert.equal(authProviderFor('https://ghe.example.com/api/v3', 'not a url'), undefined);
  });

  it('rejects a malformed or non-http API URL', () => {
    assert.throws(() => normalizeApiUrl('not a url'));
    assert.throws(() => normalizeApiUrl('file:///etc/passwd'), /not an http\(s\) URL/);
  });
});

describe('core/github/client against the sandbox', () => {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(() => h.close());

  const client = (token: string, apiUrl = `${h.sandbox.url}/api/v3`) => createGitHubClient({ apiUrl, token, userAgent: 'mutual-mentor-test', retries: 0 });

  it('reads the signed-in user over REST and GraphQL on a GitHub Enterprise-style host', async () => {
    const c = client(h.sandbox.users().grace);
    assert.deepEqual(await fetchViewer(c), { login: 'grace', name: 'Grace Hopper' });
    const { viewer } = await c.graphql<{ viewer: { login: string } }>('{ viewer { login } }');
    assert.equal(viewer.login, 'grace');
    assert.equal(h.sandbox.accounting.userStats('grace').byRoute['POST /graphql'], 1, 'GraphQL went to /api/graphql');
  });

  it('reports a revoked token as "sign in again"', async () => {
    const old = h.sandbox.users().eve;
    await h.admin('POST', '/_sandbox/users/eve/revoke');
    const error = await fetchViewer(client(old)).catch((e: unknown) => e);
    const problem = describeProblem(error, '127.0.0.1');
    assert.equal(problem.kind, 'unauthorized');
    assert.match(problem.message, /Sign in again/);
  });

  it('reports an exhausted rate limit with when it resets', async () => {
    await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 0, resetIn: 600 });
    try {
      const error = await fetchViewer(client(h.sandbox.users().ada)).catch((e: unknown) => e);
      const problem = describeProblem(error, '127.0.0.1');
      assert.equal(problem.kind, 'rateLimited');
      assert.ok(problem.kind === 'rateLimited' && problem.resetAt && problem.resetAt.getTime() > Date.now() + 500_000);
    } finally {
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 5000 });
    }
  });

  it('reports a dropped connection as offline', async () => {
    await h.admin('POST', '/_sandbox/faults', { kind: 'reset', login: 'grace', count: 1 });
    const error = await fetchViewer(client(h.sandbox.users().grace)).catch((e: unknown) => e);
    assert.equal(describeProblem(error, '127.0.0.1').kind, 'offline');
  });

  it('reports an unreachable host as offline', async () => {
    const port = await freePort(); // nothing listens there
    const error = await fetchViewer(client('x', `http://127.0.0.1:${port}/api/v3`)).catch((e: unknown) => e);
    assert.equal(describeProblem(error, `127.0.0.1:${port}`).kind, 'offline');
  });
});

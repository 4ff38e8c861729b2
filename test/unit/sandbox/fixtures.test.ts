// Replays of recorded real GitHub traffic (@octokit/fixtures, api.github.com) against the sandbox. For each
// scenario the sandbox is given matching state, every recorded request is sent in order, and the sandbox must
// agree with what GitHub answered: status, the headers that matter (content-type family, Link rels,
// x-ratelimit-* and its resource, ETag on GETs, Location), and shape (every key GitHub returned is present).
// Values may differ (ids, urls, timestamps); a few that the scenario pins down are compared too.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateResponse } from '../../support/openapi';
import { startHarness, type Harness } from './harness';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
  readonly reqheaders: Readonly<Record<string, string | number>>;
  readonly headers: Readonly<Record<string, string | number>>;
}

interface Replayed {
  readonly recorded: Recorded;
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

const SCENARIOS = path.resolve(import.meta.dirname, '../../../node_modules/@octokit/fixtures/scenarios/api.github.com');
const ORG = 'octokit-fixture-org';

function scenario(name: string): Recorded[] {
  return JSON.parse(readFileSync(path.join(SCENARIOS, name, 'normalized-fixture.json'), 'utf8')) as Recorded[];
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The first key path GitHub returned that ours lacks (or holds as another JSON type); undefined when ours covers it. */
function missingShape(theirs: unknown, ours: unknown, at = '$'): string | undefined {
  if (theirs === null || ours === null) return undefined; // nullable values may differ
  if (kind(theirs) !== kind(ours)) return `${at}: GitHub sent ${kind(theirs)}, the sandbox ${kind(ours)}`;
  if (Array.isArray(theirs) && Array.isArray(ours)) {
    return theirs.length && ours.length ? missingShape(theirs[0], ours[0], `${at}[0]`) : undefined;
  }
  if (kind(theirs) !== 'object') return undefined;
  const o = ours as Record<string, unknown>;
  for (const [key, value] of Object.entries(theirs as Record<string, unknown>)) {
    if (!(key in o)) return `${at}.${key}: missing`;
    const deeper = missingShape(value, o[key], `${at}.${key}`);
    if (deeper) return deeper;
  }
  return undefined;
}

const rels = (link: string | undefined | null) => [...(link ?? '').matchAll(/rel="(\w+)"/g)].map((m) => m[1]).sort();
const family = (type: string | number | undefined | null) =>
  String(type ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
const BLOCKS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'pre', 'blockquote', 'table', 'hr']);
/** The block elements of rendered markdown, in order: the loose structure two renderers should share. */
const blocks = (html: string) => [...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]).filter((t) => BLOCKS.has(t));

/** Asserts the sandbox agreed with GitHub on one exchange. */
function assertAgrees({ recorded: r, status, headers, body }: Replayed): void {
  const what = `${r.method.toUpperCase()} ${r.path}`;
  assert.equal(status, r.status, `${what}: status`);
  if (r.headers['content-type'] !== undefined && r.status !== 204) {
    assert.equal(family(headers.get('content-type')), family(r.headers['content-type']), `${what}: content-type`);
  }
  assert.deepEqual(rels(headers.get('link')), rels(String(r.headers.link ?? '')), `${what}: Link rels`);
  for (const name of Object.keys(r.headers).filter((h) => h.startsWith('x-ratelimit-'))) {
    assert.ok(headers.has(name), `${what}: ${name}`);
  }
  assert.equal(headers.get('x-ratelimit-resource'), r.headers['x-ratelimit-resource'], `${what}: rate-limit resource`);
  if (r.method === 'get' && r.headers.etag) assert.ok(headers.get('etag'), `${what}: etag`);
  if (r.headers.location) assert.equal(new URL(headers.get('location') ?? '').pathname, new URL(String(r.headers.location)).pathname, `${what}: location`);
  if (family(r.headers['content-type']) === 'text/html') {
    assert.deepEqual(blocks(String(body)), blocks(String(r.response)), `${what}: HTML structure`);
  } else {
    const problem = missingShape(r.response, body);
    assert.equal(problem, undefined, `${what}: shape: ${problem}`);
  }
}

describe('sandbox: recorded GitHub traffic (@octokit/fixtures) replayed', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    for (const login of [ORG, 'octokit-fixture-user-a', 'octokit-fixture-user-b'])
      assert.equal((await h.admin('POST', '/_sandbox/users', { login })).status, 201);
  });
  after(() => h.close());

  async function repo(name: string): Promise<number> {
    const res = await h.admin('POST', '/_sandbox/repos', { owner: ORG, name, files: { 'README.md': `# ${name}\n` } });
    assert.equal(res.status, 201);
    return ((await res.json()) as { id: number }).id;
  }

  /** Sends every recorded request in order (recorded `/repositories/1000` becomes the sandbox repository's id). */
  async function replay(name: string, repoId?: number): Promise<Replayed[]> {
    const out: Replayed[] = [];
    for (const recorded of scenario(name)) {
      const requestPath = recorded.path.replace(/^\/repositories\/\d+/, `/repositories/${repoId ?? 0}`);
      const headers: Record<string, string> = { authorization: `token ${h.sandbox.users()[ORG]}`, accept: String(recorded.reqheaders.accept) };
      if (recorded.reqheaders['content-type']) headers['content-type'] = String(recorded.reqheaders['content-type']);
      const hasBody = recorded.body !== '' && recorded.body !== undefined;
      const res = await fetch(`${h.sandbox.url}${requestPath}`, {
        method: recorded.method.toUpperCase(),
        headers,
        ...(hasBody ? { body: typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body) } : {}),
      });
      const text = await res.text();
      const body: unknown = family(res.headers.get('content-type')) === 'application/json' && text ? JSON.parse(text) : text;
      // Our answer must also satisfy GitHub's description (undocumented /repositories/{id} paths are checked as /repos/{owner}/{repo}).
      const documented = new URL(requestPath, 'http://x').pathname.replace(/^\/repositories\/\d+/, `/repos/${ORG}/${name}`);
      const contract = validateResponse(recorded.method, documented, res.status, body);
      assert.equal(contract.problems, undefined, `contract: ${contract.operation}: ${contract.problems}`);
      out.push({ recorded, status: res.status, headers: res.headers, body });
    }
    return out;
  }

  it('labels: list, create, get, rename (new_name) and delete', async () => {
    await repo('labels');
    const exchanges = await replay('labels');
    exchanges.forEach(assertAgrees);
    assert.equal((exchanges[1]?.body as { name: string }).name, 'test-label');
    const pick = (l: unknown) => ({ name: (l as { name: string }).name, color: (l as { color: string }).color });
    assert.deepEqual(pick(exchanges[3]?.body), pick(exchanges[3]?.recorded.response), 'renamed and recoloured as on GitHub');
    assert.equal(
      h.sandbox.state.repo(ORG, 'labels')!.labels.some((l) => l.name.startsWith('test-label')),
      false,
      'deleted',
    );
  });

  it('add-labels-to-issue: labels that do not exist are created, in the order given', async () => {
    await repo('add-labels-to-issue');
    const exchanges = await replay('add-labels-to-issue');
    exchanges.forEach(assertAgrees);
    const names = (l: unknown) => (l as { name: string; color: string }[]).map((x) => `${x.name}:${x.color}`);
    assert.deepEqual(names(exchanges[1]?.body), names(exchanges[1]?.recorded.response));
  });

  it('errors: a label colour that is not six hex digits is a 422 naming the field', async () => {
    await repo('errors');
    const [exchange] = await replay('errors');
    assertAgrees(exchange);
    assert.deepEqual((exchange.body as { errors: unknown }).errors, (exchange.recorded.response as { errors: unknown }).errors);
  });

  it('paginate-issues: 13 issues, 3 a page, Link headers at /repositories/{id}/issues', async () => {
    const id = await repo('paginate-issues');
    const octokit = h.client(ORG);
    for (let i = 1; i <= 13; i++) await octokit.rest.issues.create({ owner: ORG, repo: 'paginate-issues', title: `Test issue ${i}` });
    const exchanges = await replay('paginate-issues', id);
    exchanges.forEach(assertAgrees);
    const numbers = (list: unknown) => (list as { number: number }[]).map((i) => i.number);
    for (const e of exchanges) assert.deepEqual(numbers(e.body), numbers(e.recorded.response), `${e.recorded.path}: same issues`);
    assert.match(exchanges[0]?.headers.get('link') ?? '', new RegExp(`/repositories/${id}/issues\\?per_page=3&page=2>; rel="next"`));
  });

  it('search-issues: a word in a title or a body, best match first', async () => {
    await repo('search-issues');
    await h.client('octokit-fixture-user-a').rest.issues.create({
      owner: ORG,
      repo: 'search-issues',
      title: 'The doors don’t open',
      body: 'I tried "open sesame" as seen on Wikipedia but no luck!',
    });
    await h.client('octokit-fixture-user-b').rest.issues.create({
      owner: ORG,
      repo: 'search-issues',
      title: 'Sesame seeds split without a pop!',
      body: 'I’ve waited all year long, but there was no pop 😭',
    });
    const [exchange] = await replay('search-issues');
    assertAgrees(exchange);
    const summary = (r: unknown) => {
      const { total_count, items } = r as { total_count: number; items: { number: number }[] };
      return { total_count, numbers: items.map((i) => i.number) };
    };
    assert.deepEqual(summary(exchange.body), summary(exchange.recorded.response));
  });

  it('mark-notifications-as-read: PUT /notifications answers 205 and the threads are read', async () => {
    await repo('mark-notifications-as-read');
    await h.client('octokit-fixture-user-a').rest.issues.create({ owner: ORG, repo: 'mark-notifications-as-read', title: 'Hi', body: `cc @${ORG}` });
    const mine = () => h.sandbox.state.notifications.filter((t) => t.user.login === ORG);
    assert.equal(mine().filter((t) => t.unread).length, 1);
    const [exchange] = await replay('mark-notifications-as-read');
    assertAgrees(exchange);
    assert.equal(mine().filter((t) => t.unread).length, 0);
  });

  it('markdown: GFM and raw rendering give the same element structure', async () => {
    const exchanges = await replay('markdown');
    exchanges.forEach(assertAgrees);
    assert.deepEqual(blocks(String(exchanges[0]?.body)), ['h3', 'p'], 'the comparison has something to compare');
  });

  it('the shape comparer reports the first key GitHub sent that the sandbox lacks', () => {
    assert.equal(missingShape({ a: 1, b: { c: [{ d: 1 }] } }, { a: 2, b: { c: [{ e: 1 }] } }), '$.b.c[0].d: missing');
    assert.equal(missingShape({ a: 'x' }, { a: 1 }), '$.a: GitHub sent string, the sandbox number');
    assert.equal(missingShape([{ a: null }], [{ a: { b: 1 }, z: 1 }]), undefined);
  });
});

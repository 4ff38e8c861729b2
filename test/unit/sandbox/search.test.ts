import { strict as assert } from 'node:assert';
import { parseSearchQuery, searchIssues } from '../../sandbox/searchQuery';
import type { Issue, Repo, User } from '../../sandbox/state';
import { rejection, startHarness, type Harness } from './harness';

describe('sandbox: issue search', () => {
  describe('query syntax', () => {
    it('splits terms, phrases, qualifiers with quoted values, negations and sort', () => {
      const q = parseSearchQuery('Open "no pop" label:"help wanted" -label:bug is:pr -draft review-requested:@me sort:updated-asc');
      assert.deepEqual(q.terms, ['open', 'no pop']);
      assert.deepEqual(q.excludedTerms, ['draft']);
      assert.deepEqual(q.qualifiers, [
        { name: 'label', value: 'help wanted', negated: false },
        { name: 'label', value: 'bug', negated: true },
        { name: 'is', value: 'pr', negated: false },
        { name: 'review-requested', value: '@me', negated: false },
      ]);
      assert.deepEqual(q.sort, { field: 'updated', order: 'asc' });
    });

    it('searches an unknown qualifier as text', () => {
      assert.deepEqual(parseSearchQuery('http://example.com foo:bar').terms, ['http://example.com', 'foo:bar']);
    });
  });

  describe('GET /search/issues', () => {
    let h: Harness;
    let ada: User;
    let grace: User;
    let repo: Repo;
    const numbers = (r: { data: { items: { number: number }[] } }) => r.data.items.map((i) => i.number);
    const search = (q: string, extra: Record<string, unknown> = {}, login = 'ada') => h.client(login).rest.search.issuesAndPullRequests({ q, ...extra });
    function at(issue: Issue, created: string, updated = created): void {
      Object.assign(issue, { createdAt: created, updatedAt: updated });
    }

    before(async () => {
      h = await startHarness();
      await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'search', files: { 'a.md': 'a' }, collaborators: ['grace'] });
      const state = h.sandbox.state;
      ada = state.user('ada')!;
      grace = state.user('grace')!;
      repo = state.repo('ada', 'search')!;
      const a = h.client('ada');
      const g = h.client('grace');
      await a.rest.issues.create({
        owner: 'ada',
        repo: 'search',
        title: 'The doors don’t open',
        body: 'I tried "open sesame" but no luck! <!-- marker:hidden -->',
        labels: ['bug'],
      });
      await g.rest.issues.create({
        owner: 'ada',
        repo: 'search',
        title: 'Sesame seeds split without a pop!',
        body: 'Waited all year, no pop',
        labels: ['help wanted'],
      });
      await a.rest.issues.create({ owner: 'ada', repo: 'search', title: 'Mean of nothing', body: 'mean([]) is NaN; cc @eve', assignees: ['grace'] });
      await a.rest.issues.update({ owner: 'ada', repo: 'search', issue_number: 3, state: 'closed' });
      await g.rest.issues.createComment({ owner: 'ada', repo: 'search', issue_number: 1, body: 'Try the sesame oil' });
      await h.client('eve').rest.issues.createComment({ owner: 'ada', repo: 'search', issue_number: 3, body: 'Division by zero' });
      const now = '2024-03-01T00:00:00Z';
      const pull: Issue = {
        id: state.id(),
        repo,
        number: repo.nextNumber++,
        user: grace,
        title: 'Guard mean against empty input',
        body: 'Fixes #3',
        state: 'open',
        stateReason: null,
        labels: [],
        assignees: [],
        comments: [],
        locked: false,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        closedBy: null,
        pull: {
          headRef: 'fix',
          headSha: 'a'.repeat(40),
          baseRef: 'main',
          baseSha: 'b'.repeat(40),
          draft: false,
          merged: false,
          mergedAt: null,
          mergedBy: null,
          mergeCommitSha: null,
          requestedReviewers: [ada],
          reviews: [],
          reviewComments: [],
          threads: [],
        },
      };
      pull.pull!.reviews.push({
        id: state.id(),
        pull,
        user: h.sandbox.state.user('eve')!,
        body: 'LGTM',
        state: 'COMMENTED',
        commitId: 'a'.repeat(40),
        submittedAt: now,
        createdAt: now,
      });
      repo.issues.set(pull.number, pull);
      at(repo.issues.get(1)!, '2024-01-10T10:00:00Z', '2024-02-20T00:00:00Z');
      at(repo.issues.get(2)!, '2024-01-20T10:00:00Z');
      at(repo.issues.get(3)!, '2024-02-01T10:00:00Z');
      await h.admin('POST', '/_sandbox/repos', { owner: 'grace', name: 'hidden', private: true, files: { 'a.md': 'a' } });
      await h.client('grace').rest.issues.create({ owner: 'grace', repo: 'hidden', title: 'Sesame in private' });
    });
    after(() => h.close());
    afterEach(() => h.sandbox.accounting.setRemaining('ada', 'search', 30));

    it('answers {total_count, incomplete_results, items} with scores, title matches first', async () => {
      const r = await search('sesame repo:ada/search');
      assert.equal(r.data.total_count, 2);
      assert.equal(r.data.incomplete_results, false);
      assert.deepEqual(numbers(r), [2, 1], 'a title match outranks a body match');
      assert.ok(r.data.items[0].score > r.data.items[1].score);
      assert.equal(r.headers['x-ratelimit-resource'], 'search');
      assert.equal(r.headers['x-ratelimit-limit'], '30');
    });

    it('filters by state, type, label, people and dates', async () => {
      const q = async (query: string) => numbers(await search(`repo:ada/search ${query}`));
      assert.deepEqual(await q('is:closed'), [3]);
      assert.deepEqual(await q('is:pr'), [4]);
      assert.deepEqual(await q('type:issue is:open sort:created-asc'), [1, 2]);
      assert.deepEqual(await q('label:"help wanted"'), [2]);
      assert.deepEqual(await q('label:bug,"help wanted" sort:created-asc'), [1, 2], 'a comma means either');
      assert.deepEqual(await q('-label:bug is:issue sort:created-asc'), [2, 3]);
      assert.deepEqual(await q('no:label sort:created-asc'), [3, 4]);
      assert.deepEqual(await q('author:grace sort:created-asc'), [2, 4]);
      assert.deepEqual(await q('assignee:grace'), [3]);
      assert.deepEqual(await q('mentions:eve'), [3]);
      assert.deepEqual(await q('commenter:grace'), [1]);
      assert.deepEqual(await q('involves:eve sort:created-asc'), [3]);
      assert.deepEqual(await q('review-requested:ada'), [4]);
      assert.deepEqual(numbers(await search('repo:ada/search review-requested:@me')), [4], '@me is the viewer');
      assert.deepEqual(await q('reviewed-by:eve'), [4]);
      assert.deepEqual(await q('created:>=2024-01-20 is:issue sort:created-asc'), [2, 3]);
      assert.deepEqual(await q('created:<2024-01-20'), [1]);
      assert.deepEqual(await q('created:2024-01-15..2024-02-01 sort:created-asc'), [2, 3]);
      assert.deepEqual(await q('updated:>2024-02-15 is:issue'), [1]);
    });

    it('matches words in title, body and comments, narrowed by in:, never inside HTML comments', async () => {
      const q = async (query: string) => numbers(await search(`repo:ada/search ${query}`));
      assert.deepEqual(await q('oil'), [1], 'comments are searched by default');
      assert.deepEqual(await q('oil in:title,body'), []);
      assert.deepEqual(await q('sesame in:title'), [2]);
      assert.deepEqual(await q('"open sesame"'), [1]);
      assert.deepEqual(await q('"sesame open"'), [], 'a phrase keeps its word order');
      assert.deepEqual(await q('SESAME -seeds'), [1]);
      assert.deepEqual(await q('marker'), [], 'text in <!-- --> is not searchable');
      assert.deepEqual(await q('ses'), [], 'whole words only');
    });

    it('sorts by created, updated or comments, in either order', async () => {
      const q = async (query: string, sort: 'created' | 'updated' | 'comments', order: 'asc' | 'desc') =>
        numbers(await search(`repo:ada/search is:issue ${query}`, { sort, order }));
      assert.deepEqual(await q('', 'created', 'desc'), [3, 2, 1]);
      assert.deepEqual(await q('', 'created', 'asc'), [1, 2, 3]);
      assert.deepEqual(await q('', 'updated', 'desc'), [1, 3, 2]);
      assert.deepEqual((await q('', 'comments', 'desc')).slice(0, 2).sort(), [1, 3]);
      assert.equal((await q('', 'comments', 'asc'))[0], 2);
    });

    it('searches only what the viewer can read, and refuses a repo: the viewer cannot see', async () => {
      assert.deepEqual(
        (await search('sesame in:title', {}, 'eve')).data.items.map((i) => i.title),
        ['Sesame seeds split without a pop!'],
      );
      assert.equal((await search('sesame in:title', {}, 'grace')).data.total_count, 2);
      const hidden = await rejection(search('repo:grace/hidden sesame', {}, 'eve'));
      assert.equal(hidden.status, 422);
      assert.match(JSON.stringify(hidden.response?.data), /cannot be searched/);
      assert.equal(searchIssues(h.sandbox.state, h.sandbox.state.user('eve')!, 'sesame').issues.length, 2);
    });

    it('pages results with Link headers and answers 422 without q', async () => {
      const page = await search('repo:ada/search', { per_page: 2, page: 1 });
      assert.equal(page.data.total_count, 4);
      assert.equal(page.data.items.length, 2);
      assert.match(page.headers.link ?? '', /\/search\/issues\?q=repo%3Aada%2Fsearch&per_page=2&page=2>; rel="next"/);
      const last = await search('repo:ada/search', { per_page: 2, page: 2 });
      assert.equal(last.data.items.length, 2);
      assert.doesNotMatch(last.headers.link ?? '', /rel="next"/);
      const error = await rejection(search(''));
      assert.equal(error.status, 422);
    });

    it('spends the search budget (30 a minute), not the core one', async () => {
      const core = h.sandbox.accounting.budget('ada', 'core').used;
      const before = h.sandbox.accounting.budget('ada', 'search').used;
      await search('sesame');
      assert.equal(h.sandbox.accounting.budget('ada', 'search').used, before + 1);
      assert.equal(h.sandbox.accounting.budget('ada', 'core').used, core);
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', resource: 'search', remaining: 0 });
      const limited = await rejection(h.client('ada', { checkContract: false }).rest.search.issuesAndPullRequests({ q: 'sesame' }));
      assert.equal(limited.status, 403);
      assert.equal(limited.response?.headers['x-ratelimit-resource'], 'search');
    });
  });
});

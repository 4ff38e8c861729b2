// Help first (issue 15) against the sandbox: the finder's one batched query (issue search with
// user:/label:/review-requested:/review:none/updated: qualifiers) over grace's repositories, its
// cursor delta, and an offer from comment to merged pull request read back through
// closedByPullRequestsReferences. REST calls are checked against GitHub's OpenAPI description (the
// harness) and the GraphQL documents against GitHub's schema (the sandbox executes them with it).
import { strict as assert } from 'node:assert';
import { createGitHubClient } from '../../../src/core/github/client';
import { findWaysToHelp } from '../../../src/core/help/find';
import { offerBranch, offerComment } from '../../../src/core/help/offer';
import { findOffers, offersOnIssue, readOfferIssues, reconcileOffers } from '../../../src/core/help/offerRead';
import { rankWaysToHelp } from '../../../src/core/help/rank';
import { startHarness, type Harness } from './harness';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('sandbox: Help first (find ways to help, offers)', function () {
  this.timeout(60_000);
  let h: Harness;
  const numbers: Record<string, number> = {};

  before(async () => {
    h = await startHarness();
    for (const [owner, name, collaborators] of [
      ['grace', 'lru', ['ada']],
      ['eve', 'other', []],
    ] as const) {
      const res = await h.admin('POST', '/_sandbox/repos', { owner, name, files: { 'README.md': '# x\n' }, collaborators });
      assert.equal(res.status, 201);
    }
    const grace = h.client('grace').rest;
    const issue = async (key: string, title: string, labels: string[], body = '') => {
      numbers[key] = (await grace.issues.create({ owner: 'grace', repo: 'lru', title, body, labels })).data.number;
    };
    await issue('flaky', 'Flaky eviction test', ['help wanted']);
    await issue('docs', 'Typo in the docs', ['good first issue']);
    await issue('topic', 'Eviction order', [], 'We need better TESTING around the clock.');
    await issue('plain', 'Unrelated cleanup', []);
    await issue('closed', 'Old help wanted', ['help wanted']);
    await grace.issues.update({ owner: 'grace', repo: 'lru', issue_number: numbers.closed, state: 'closed' });
    await h.client('eve').rest.issues.create({ owner: 'eve', repo: 'other', title: 'Testing help wanted elsewhere', labels: ['help wanted'] });
    for (const branch of ['asks-review', 'no-review']) {
      const commit = await h.admin('POST', '/_sandbox/repos/grace/lru/commits', {
        branch,
        files: { [`${branch}.txt`]: 'x\n' },
        author: 'grace',
        message: branch,
      });
      assert.equal(commit.status, 201);
      numbers[branch] = (await grace.pulls.create({ owner: 'grace', repo: 'lru', head: branch, base: 'main', title: `PR ${branch}` })).data.number;
    }
    await grace.pulls.requestReviewers({ owner: 'grace', repo: 'lru', pull_number: numbers['asks-review'], reviewers: ['ada'] });
  });
  after(() => h.close());

  const client = (login: string) => createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users()[login], userAgent: 'mm-test', retries: 0 });
  const wish = { partner: 'grace', wantToLearn: ['testing'] };

  it("finds labelled issues, topic issues and pull requests waiting for review in grace's repositories in one query, then only what changed", async () => {
    const ada = client('ada');
    const first = await findWaysToHelp(ada, 'ada', wish);
    assert.deepEqual(first.warnings, []);
    assert.equal(first.requests, 1);
    assert.equal(first.full, true);
    assert.ok(first.cost >= 1, 'cost read from rateLimit');
    const byNumber = new Map(first.candidates.map((c) => [c.number, c]));
    assert.deepEqual(
      [...byNumber.keys()].sort((a, b) => a - b),
      [numbers.flaky, numbers.docs, numbers.topic, numbers['asks-review'], numbers['no-review']].sort((a, b) => a - b),
    );
    assert.deepEqual(byNumber.get(numbers['asks-review'])?.foundBy, ['reviewRequested', 'unreviewed']);
    assert.equal(byNumber.get(numbers['asks-review'])?.type, 'pullRequest');
    const ranked = rankWaysToHelp(first.candidates, wish);
    assert.equal(ranked[0].candidate.number, numbers['asks-review']);
    const flaky = ranked.find((r) => r.candidate.number === numbers.flaky)!;
    assert.equal(flaky.reason, 'help wanted');
    assert.equal(ranked.find((r) => r.candidate.number === numbers.topic)!.reason, 'about testing, which you want to learn from @grace');

    // Changes: a label taken off, an issue closed, a label put on, a first review given.
    const grace = h.client('grace').rest;
    await grace.issues.removeLabel({ owner: 'grace', repo: 'lru', issue_number: numbers.docs, name: 'good first issue' });
    await grace.issues.update({ owner: 'grace', repo: 'lru', issue_number: numbers.flaky, state: 'closed' });
    await grace.issues.addLabels({ owner: 'grace', repo: 'lru', issue_number: numbers.plain, labels: ['help wanted'] });
    await h.client('ada').rest.pulls.createReview({ owner: 'grace', repo: 'lru', pull_number: numbers['no-review'], event: 'COMMENT', body: 'Looks tidy.' });
    const second = await findWaysToHelp(ada, 'ada', wish, { cache: first.cache });
    assert.deepEqual(second.warnings, []);
    assert.equal(second.full, false, 'a delta from the cursor');
    assert.equal(second.requests, 1);
    assert.deepEqual(
      second.candidates.map((c) => c.number).sort((a, b) => a - b),
      [numbers.topic, numbers.plain, numbers['asks-review']].sort((a, b) => a - b),
    );
    // Other topics: the cache is not used.
    const other = await findWaysToHelp(ada, 'ada', { partner: 'grace', wantToLearn: ['docs'] }, { cache: second.cache });
    assert.equal(other.full, true);
  });

  it('an offer: the comment, a pull request that fixes the issue, merged by grace, read back as completed and found again', async () => {
    const ada = h.client('ada').rest;
    const issue = (await ada.issues.get({ owner: 'grace', repo: 'lru', issue_number: numbers.topic })).data;
    const branch = offerBranch(issue.number, issue.title);
    await ada.issues.createComment({
      owner: 'grace',
      repo: 'lru',
      issue_number: issue.number,
      body: offerComment({ id: ID, helper: 'ada', partner: 'grace', branch, topic: 'testing' }),
    });
    // eve forges an offer in ada's name: it must not count.
    await h.client('eve').rest.issues.createComment({
      owner: 'grace',
      repo: 'lru',
      issue_number: issue.number,
      body: offerComment({ id: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', helper: 'ada', partner: 'grace', branch }),
    });
    const product = client('ada');
    const before = await readOfferIssues(product, [issue.node_id]);
    const [taken] = offersOnIssue(before.nodes.get(issue.node_id));
    assert.equal(taken?.state, 'taken');
    assert.equal(offersOnIssue(before.nodes.get(issue.node_id)).length, 1);

    const commit = await h.admin('POST', '/_sandbox/repos/grace/lru/commits', {
      branch,
      files: { 'clock.test.ts': 'test\n' },
      author: 'ada',
      message: 'Test the clock',
    });
    assert.equal(commit.status, 201);
    const pr = (
      await ada.pulls.create({ owner: 'grace', repo: 'lru', head: branch, base: 'main', title: 'Test the eviction clock', body: `Fixes #${issue.number}` })
    ).data;
    await h.client('grace').rest.pulls.merge({ owner: 'grace', repo: 'lru', pull_number: pr.number });
    assert.equal((await ada.issues.get({ owner: 'grace', repo: 'lru', issue_number: issue.number })).data.state, 'closed', 'merging closed the issue');

    const after = await readOfferIssues(product, [issue.node_id, 'I_kwDOdeletedissue']);
    const warnings: string[] = [];
    const [done, gone] = reconcileOffers(
      [taken, { ...taken, id: ID.replace('6', '5'), issueId: 'I_kwDOdeletedissue' }],
      after.nodes,
      '2026-12-03T00:00:00Z',
      (m) => warnings.push(m),
    );
    assert.equal(done?.state, 'completed');
    assert.equal(done?.pullRequest?.number, pr.number);
    assert.equal(gone?.state, 'gone');
    assert.ok(after.cost >= 1);

    const again = await findOffers(product, 'ada', 'grace');
    assert.deepEqual(
      again.offers.map((o) => [o.id, o.state, o.number]),
      [[ID, 'completed', issue.number]],
    );
  });

  it('closedByPullRequestsReferences: open linking pull requests, merged ones only with includeClosedPrs, only into the default branch', async () => {
    const grace = h.client('grace').rest;
    const issue = (await grace.issues.create({ owner: 'grace', repo: 'lru', title: 'Linked' })).data;
    const open = async (branch: string, body: string, base = 'main') => {
      const commit = await h.admin('POST', '/_sandbox/repos/grace/lru/commits', {
        branch,
        files: { [`${branch}.txt`]: 'x\n' },
        author: 'grace',
        message: branch,
      });
      assert.equal(commit.status, 201);
      return (await grace.pulls.create({ owner: 'grace', repo: 'lru', head: branch, base, title: branch, body })).data.number;
    };
    const linked = await open('linked-a', `Resolves: grace/lru#${issue.number}.`);
    await open('not-a-keyword', `Mentions #${issue.number}`);
    await open('other-base', `Closes #${issue.number}`, 'linked-a');
    const query = /* GraphQL */ `
      query Linked($id: ID!, $closed: Boolean!) {
        node(id: $id) {
          ... on Issue {
            closed
            closedByPullRequestsReferences(first: 10, includeClosedPrs: $closed) {
              nodes {
                number
                merged
              }
            }
          }
        }
      }
    `;
    type Answer = { node: { closed: boolean; closedByPullRequestsReferences: { nodes: { number: number; merged: boolean }[] } } };
    const product = client('grace');
    const read = async (closed: boolean) => (await product.graphql<Answer>(query, { id: issue.node_id, closed })).node;
    assert.deepEqual((await read(false)).closedByPullRequestsReferences.nodes, [{ number: linked, merged: false }]);
    await grace.pulls.merge({ owner: 'grace', repo: 'lru', pull_number: linked });
    const after = await read(false);
    assert.equal(after.closed, true);
    assert.deepEqual(after.closedByPullRequestsReferences.nodes, []);
    assert.deepEqual((await read(true)).closedByPullRequestsReferences.nodes, [{ number: linked, merged: true }]);
  });
});

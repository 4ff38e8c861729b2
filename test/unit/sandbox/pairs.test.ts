import { strict as assert } from 'node:assert';
import { createGitHubClient, type GitHubClient } from '../../../src/core/github/client';
import { createInvitation, fetchPairs, pairSearchQuery, postPairAction } from '../../../src/core/pairs/github';
import { installEtagCache } from '../../../src/core/sync/etagCache';
import { startHarness, type Harness } from './harness';

// The pair calls (src/core/pairs/github.ts) against the sandbox, every REST response checked against
// GitHub's OpenAPI description: create the invitation issue, find it by search as either side, answer it
// with comments, read it again with conditional requests, close it on end.
describe('sandbox: pairs on GitHub', function () {
  this.timeout(60_000); // octokit's throttling spaces searches 2 s apart, as GitHub asks
  let h: Harness;
  const host = 'github.com';
  const clients = new Map<string, GitHubClient>();
  const as = (login: string): GitHubClient => {
    let client = clients.get(login);
    if (!client) {
      client = h.checkContract(createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users()[login], userAgent: 'mm-test', retries: 0 }));
      clients.set(login, client);
    }
    return client;
  };
  const repo = { host, owner: 'ada', name: 'pairs' };

  before(async () => {
    h = await startHarness();
    await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'pairs', files: { 'README.md': 'pairs' }, collaborators: ['grace'] });
    await h.admin('POST', '/_sandbox/repos', { owner: 'eve', name: 'lures', files: { 'README.md': 'x' } });
  });
  after(() => h.close());

  it('invites, finds the invitation on both sides, accepts as the invitee, and ignores a forged acceptance', async () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const invited = await createInvitation(as('ada'), repo, 'ada', 'grace', { teaches: ['typescript'], learns: ['rust'] }, warn);
    assert.equal(invited.status, 'invited');
    const issue = h.sandbox.state.repo('ada', 'pairs')!.issues.get(invited.number)!;
    assert.deepEqual(
      issue.assignees.map((u) => u.login),
      ['grace'],
    );
    assert.ok(
      h.sandbox.state.notifications.some((t) => t.user.login === 'grace' && t.issue === issue),
      'the invitee is notified',
    );

    const [seen] = await fetchPairs(as('grace'), host, 'grace', [], warn);
    assert.equal(seen?.id, invited.id);
    assert.equal(seen?.status, 'invited');
    assert.deepEqual(seen?.inviterTopics, { teaches: ['typescript'], learns: ['rust'] });

    await postPairAction(as('eve'), seen, 'eve', 'accept', { teaches: ['lies'], learns: [] });
    assert.equal((await fetchPairs(as('ada'), host, 'ada', [], warn))[0]?.status, 'invited');
    assert.match(warnings.join('\n'), /@eve, who is not a side of this pair/);

    await postPairAction(as('grace'), seen, 'grace', 'accept', { teaches: ['rust', 'testing'], learns: ['typescript'] });
    const [accepted] = await fetchPairs(as('ada'), host, 'ada', [], warn);
    assert.equal(accepted?.status, 'accepted');
    assert.deepEqual(accepted?.inviteeTopics, { teaches: ['rust', 'testing'], learns: ['typescript'] });
  });

  it('reads again with conditional requests: nothing changed costs 304s', async () => {
    const cache = installEtagCache(as('ada'));
    const hits = cache.stats.hits;
    await fetchPairs(as('ada'), host, 'ada', [], () => undefined);
    assert.ok(cache.stats.hits - hits >= 2, `search and comments answered 304 (${cache.stats.hits - hits})`);
  });

  it('an invitation the invitee cannot be assigned to still reaches her as an invitation; the inviter can withdraw it', async () => {
    const warnings: string[] = [];
    const lure = await createInvitation(as('eve'), { host, owner: 'eve', name: 'lures' }, 'eve', 'ada', { teaches: ['crypto'], learns: [] }, (m) =>
      warnings.push(m),
    );
    assert.match(warnings.join('\n'), /cannot be assigned/);
    const pairs = await fetchPairs(as('ada'), host, 'ada', [], () => undefined);
    assert.equal(pairs.find((p) => p.id === lure.id)?.status, 'invited');
    await postPairAction(as('eve'), lure, 'eve', 'end');
    assert.equal(h.sandbox.state.repo('eve', 'lures')!.issues.get(lure.number)!.state, 'closed');
    const again = await fetchPairs(as('ada'), host, 'ada', [{ owner: 'eve', name: 'lures', number: lure.number }], () => undefined);
    assert.equal(again.find((p) => p.id === lure.id)?.status, 'ended');
  });

  it('the search query is one GitHub documents', () => {
    assert.equal(pairSearchQuery('ada'), 'is:issue in:title "Mutual Mentor pair" involves:ada');
  });
});

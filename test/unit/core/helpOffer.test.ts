// Help first (issue 15): offers — the take and drop comments, the trust rule of their markers, the
// states read from GitHub's data (closedByPullRequestsReferences), a deleted issue, malformed data —
// and the Ledger's one story per offer.
import { strict as assert } from 'node:assert';
import { dropComment, isOfferComment, issueOfBranch, offerBranch, offerClaims, offerComment, offerForBranch, type Offer } from '../../../src/core/help/offer';
import { offersOnIssue, reconcileOffers } from '../../../src/core/help/offerRead';
import type { LedgerEvent } from '../../../src/core/ledger/ledger';
import { offerStories } from '../../../src/core/ledger/offerStory';
import { formatMarker, scanMarkers, stripMarkers } from '../../../src/core/marker';
import { closingReferences } from '../../sandbox/closingRefs';
import { assertLinear, grow } from '../../support/linearity';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ID2 = '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ISSUE = 'https://github.com/grace/lru/issues/12';
const comment = (author: string, body: string, createdAt: string, n: number) => ({
  author: { login: author },
  body,
  createdAt,
  url: `${ISSUE}#issuecomment-${n}`,
});
const taken = offerComment({ id: ID, helper: 'ada', partner: 'grace', branch: 'help/12-fix-flaky-eviction-test', topic: 'testing' });

function issue(comments: unknown[], closedBy: unknown[] = []) {
  return {
    id: 'I_12',
    number: 12,
    title: 'Fix flaky eviction test',
    url: ISSUE,
    repository: { nameWithOwner: 'grace/lru', owner: { login: 'grace' } },
    comments: { nodes: comments },
    closedByPullRequestsReferences: { nodes: closedBy },
  };
}
const mergedPull = (author: string, mergedAt: string, head = 'help/12-fix-flaky-eviction-test') => ({
  number: 13,
  title: 'Fix the flaky eviction test',
  url: 'https://github.com/grace/lru/pull/13',
  merged: true,
  mergedAt,
  author: { login: author },
  headRefName: head,
});

describe('core/help/offer', () => {
  it('names a branch after the issue and finds the issue, and the open offer, from the branch', () => {
    assert.equal(offerBranch(12, 'Fix: the *flaky* Eviction test!'), 'help/12-fix-the-flaky-eviction-test');
    assert.equal(offerBranch(7, '日本語 ✓'), 'help/7');
    assert.equal(offerBranch(3, 'a'.repeat(500)).length, 'help/3-'.length + 40);
    assert.equal(issueOfBranch('help/12-fix-the-flaky'), 12);
    assert.equal(issueOfBranch('help/12'), 12);
    for (const other of ['main', 'help/', 'help/x-12', 'help/12x', 'help/0', 'feature/help/12']) assert.equal(issueOfBranch(other), undefined, other);
    const offer = { id: ID, repo: 'grace/lru', number: 12, branch: 'help/12-fix', state: 'taken' } as Offer;
    assert.equal(offerForBranch([offer], 'Grace/LRU', 'help/12-fix'), offer);
    assert.equal(offerForBranch([{ ...offer, state: 'dropped' }], 'grace/lru', 'help/12-fix'), undefined);
    assert.equal(offerForBranch([offer], 'grace/lru', 'main'), undefined);
    assert.equal(offerForBranch([offer], 'grace/lru', 'help/12-renamed-issue'), offer, 'the number decides');
    assert.equal(offerForBranch([offer], 'grace/lru', 'help/13-fix'), undefined);
    assert.equal(offerForBranch([offer], 'grace/other', 'help/12-fix'), undefined);
    assert.equal(offerForBranch([offer], 'grace/lru', undefined), undefined);
  });

  it('writes a polite visible comment with a versioned offer marker, and a drop with the helper’s words', () => {
    assert.match(stripMarkers(taken), /^Hi @grace — I'd like to take this one on; I'd like to learn more about testing along the way\./);
    assert.ok(stripMarkers(taken).includes('`help/12-fix-flaky-eviction-test`'));
    assert.deepEqual(scanMarkers(taken).markers, [{ v: 1, kind: 'offer', id: ID, topic: 'testing', helper: 'ada', state: 'taken' }]);
    const drop = dropComment({ id: ID, helper: 'ada' }, 'No time this month.\n-- ada');
    assert.ok(stripMarkers(drop).endsWith('> No time this month.\n> -- ada'));
    assert.deepEqual(scanMarkers(drop).markers, [{ v: 1, kind: 'offer', id: ID, helper: 'ada', state: 'dropped' }]);
    assert.ok(isOfferComment(taken, ID, 'taken') && !isOfferComment(taken, ID, 'dropped') && isOfferComment(drop, ID, 'dropped'));
    assert.deepEqual(scanMarkers('<!-- mutual-mentor {"v":1,"kind":"offer","id":"' + ID + '","state":"stolen"} -->').markers, []);
  });

  it('counts an offer only in a comment by the helper it names: forged markers by a third login are ignored', () => {
    const warnings: string[] = [];
    const forged = offerComment({ id: ID2, helper: 'ada', partner: 'grace', branch: 'help/12' });
    const claims = offerClaims(
      [
        { author: 'eve', body: forged, createdAt: '2026-12-01T00:00:00Z', url: `${ISSUE}#1` },
        { author: 'eve', body: dropComment({ id: ID, helper: 'ada' }), createdAt: '2026-12-01T00:00:01Z', url: `${ISSUE}#2` },
        { author: 'ada', body: taken, createdAt: '2026-12-01T00:00:02Z', url: `${ISSUE}#3` },
        { author: 'eve', body: dropComment({ id: ID, helper: 'ada' }), createdAt: '2026-12-01T00:00:03Z', url: `${ISSUE}#4` },
        { author: 'ada', body: taken, createdAt: '2026-12-01T00:00:04Z', url: `${ISSUE}#5` },
      ],
      (m) => warnings.push(m),
    );
    assert.deepEqual(claims, [{ id: ID, helper: 'ada', topic: 'testing', takenAt: '2026-12-01T00:00:02Z', commentUrl: `${ISSUE}#3` }]);
    assert.equal(warnings.filter((w) => w.includes('in a comment by @eve')).length, 3);
    // A drop by ada of an offer nobody took here.
    const stray: string[] = [];
    offerClaims([{ author: 'ada', body: dropComment({ id: ID2, helper: 'ada' }), createdAt: '2026-12-01T00:00:00Z', url: `${ISSUE}#9` }], (m) => stray.push(m));
    assert.equal(stray.length, 1);
  });

  it('reads taken, dropped and completed from the issue’s comments and closing pull requests', () => {
    const t = comment('ada', taken, '2026-12-01T10:00:00Z', 1);
    const [open] = offersOnIssue(issue([t]));
    assert.equal(open?.state, 'taken');
    assert.equal(open?.partner, 'grace');
    assert.equal(open?.issueId, 'I_12');
    const [done] = offersOnIssue(issue([t], [mergedPull('ada', '2026-12-02T10:00:00Z')]));
    assert.equal(done?.state, 'completed');
    assert.deepEqual(done?.pullRequest, {
      url: 'https://github.com/grace/lru/pull/13',
      number: 13,
      title: 'Fix the flaky eviction test',
      mergedAt: '2026-12-02T10:00:00Z',
    });
    // Someone else's merged fix, a merge before the take, an unmerged one, a branch of another issue: not this offer's.
    for (const other of [
      mergedPull('eve', '2026-12-02T10:00:00Z'),
      mergedPull('ada', '2026-11-30T10:00:00Z'),
      { ...mergedPull('ada', '2026-12-02T10:00:00Z'), merged: false },
      mergedPull('ada', '2026-12-02T10:00:00Z', 'help/99-other'),
    ]) {
      assert.equal(offersOnIssue(issue([t], [other]))[0]?.state, 'taken', JSON.stringify(other));
    }
    const d = comment('ada', dropComment({ id: ID, helper: 'ada' }, 'Out of time'), '2026-12-01T12:00:00Z', 2);
    const [dropped] = offersOnIssue(issue([t, d]));
    assert.equal(dropped?.state, 'dropped');
    assert.equal(dropped?.endedAt, '2026-12-01T12:00:00Z');
    assert.ok(dropped?.dropNote?.includes('Out of time'));
    assert.equal(offersOnIssue(issue([t, d], [mergedPull('ada', '2026-12-02T10:00:00Z')]))[0]?.state, 'completed', 'merged after all');
    // The owner offering help in her own repository is no offer.
    assert.deepEqual(
      offersOnIssue(issue([comment('grace', offerComment({ id: ID2, helper: 'grace', partner: 'grace', branch: 'help/12' }), '2026-12-01T00:00:00Z', 3)])),
      [],
    );
  });

  it('skips malformed GitHub data with warnings and never throws', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    for (const bad of [null, undefined, 42, 'issue', [], {}, { ...issue([]), id: null }, { ...issue([]), repository: { nameWithOwner: 'grace/lru' } }]) {
      assert.deepEqual(offersOnIssue(bad, warn), []);
    }
    const t = comment('ada', taken, '2026-12-01T10:00:00Z', 1);
    const weird = issue(
      [null, { author: { login: 'ada' }, body: 7 }, { ...t, createdAt: 'yesterday' }, t],
      [null, { merged: true }, { ...mergedPull('ada', 'later') }],
    );
    const [offer] = offersOnIssue({ ...weird, comments: { nodes: weird.comments.nodes }, closedByPullRequestsReferences: 'nope' }, warn);
    assert.equal(offer?.state, 'taken');
    assert.equal(offersOnIssue(weird, warn)[0]?.state, 'taken');
    assert.equal(offersOnIssue({ ...issue([t]), comments: null }, warn).length, 0);
    assert.ok(warnings.length >= 10);
  });

  it('an offer whose issue was deleted ends as gone; finished offers and unknown ids stay as they were', () => {
    const [offer] = offersOnIssue(issue([comment('ada', taken, '2026-12-01T10:00:00Z', 1)]));
    const kept = { ...offer, branch: 'help/12-the-old-title' };
    const warnings: string[] = [];
    const [gone] = reconcileOffers([kept], new Map([['I_12', null]]), '2026-12-03T00:00:00Z', (m) => warnings.push(m));
    assert.equal(gone?.state, 'gone');
    assert.equal(gone?.endedAt, '2026-12-03T00:00:00Z');
    assert.equal(warnings.length, 1);
    assert.equal(reconcileOffers([{ ...kept, state: 'completed' }], new Map([['I_12', null]]), 'x')[0]?.state, 'completed');
    assert.equal(reconcileOffers([kept], new Map(), 'x')[0], kept, 'not asked about: unchanged');
    const [merged] = reconcileOffers(
      [kept],
      new Map([['I_12', issue([comment('ada', taken, '2026-12-01T10:00:00Z', 1)], [mergedPull('ada', '2026-12-02T00:00:00Z')])]]),
      'x',
    );
    assert.equal(merged?.state, 'completed');
    assert.equal(merged?.branch, 'help/12-the-old-title', 'the branch it was made on is kept');
    const [edited] = reconcileOffers([kept], new Map([['I_12', issue([])]]), 'x');
    assert.equal(edited, kept, 'take comment gone: keep what we knew');
  });

  it('parses offer text and closing keywords in linear time', () => {
    const opener = `<!-- mutual-mentor {"v":1,"kind":"offer","id":"${ID}","helper":"ada"`;
    assertLinear(
      (s) => offerClaims([{ author: 'ada', body: s, createdAt: '2026-12-01T00:00:00Z', url: ISSUE }]),
      (n) => grow(' ', n, opener),
      'offerClaims: unclosed marker',
    );
    assertLinear(
      (s) => offerBranch(1, s),
      (n) => grow('-!', n),
      'offerBranch',
    );
    assertLinear(
      (s) => closingReferences(s),
      (n) => grow('fixes ', n),
      'closingReferences: keywords without references',
    );
    assert.deepEqual(closingReferences('Fixes #12, closes: grace/lru#3. resolved #x fix #'), [{ number: 12 }, { repo: 'grace/lru', number: 3 }]);
  });
});

describe('core/ledger/offerStory', () => {
  const lesson = (id: string, url: string, from = 'grace', to = 'ada', at = '2026-12-02T00:00:00Z'): LedgerEvent => ({
    kind: 'lesson',
    id,
    at,
    from,
    to,
    text: id,
    url,
  });
  const [taken1] = offersOnIssue(issue([comment('ada', taken, '2026-12-01T10:00:00Z', 1)], [mergedPull('ada', '2026-12-03T10:00:00Z')]));

  it('tells one story per offer: the merged pull request as the help given, and the lessons on its pages', () => {
    const help: LedgerEvent = {
      kind: 'help',
      type: 'mergedPullRequest',
      id: 'merged:PR_13',
      at: '2026-12-03T10:00:00Z',
      from: 'ada',
      to: 'grace',
      title: 'Fix',
      url: 'https://github.com/grace/lru/pull/13',
    };
    const events: LedgerEvent[] = [
      lesson('on-pr', 'https://github.com/grace/lru/pull/13#discussion_r1', 'grace', 'ada', '2026-12-02T12:00:00Z'),
      lesson('on-issue', `${ISSUE}#issuecomment-9`, 'grace', 'ada', '2026-12-02T08:00:00Z'),
      lesson('on-ask', 'https://github.com/ada/mentoring/issues/4#issuecomment-1', 'grace', 'ada', '2026-12-02T20:00:00Z'),
      lesson('elsewhere', 'https://github.com/grace/lru/pull/99#x'),
      lesson('by-eve', 'https://github.com/grace/lru/pull/13#y', 'eve', 'ada'),
      help,
    ];
    const { stories, others } = offerStories([taken1], events, new Map([[ID, ['https://github.com/ada/mentoring/issues/4']]]));
    assert.equal(stories.length, 1);
    assert.equal(stories[0].help, help);
    assert.deepEqual(
      stories[0].lessons.map((l) => l.id),
      ['on-issue', 'on-pr', 'on-ask'],
    );
    assert.equal(stories[0].headline, '@ada helped @grace: #12 Fix flaky eviction test — merged, 3 lessons');
    assert.deepEqual(
      others.map((e) => e.id),
      ['elsewhere', 'by-eve'],
    );
  });

  it('mirrors on both sides, says what became of unfinished offers, and counts an event in one story only', () => {
    const dropped = { ...taken1, id: ID2, state: 'dropped' as const, takenAt: '2026-12-04T00:00:00Z', pullRequest: undefined };
    const events = [lesson('shared', `${ISSUE}#c`)];
    const { stories } = offerStories([taken1, dropped, taken1], events);
    assert.equal(stories.length, 2, 'the same offer twice is one story');
    assert.equal(stories[0].headline, '@ada offered to help @grace: #12 Fix flaky eviction test — dropped, 1 lesson');
    assert.equal(stories[1].lessons.length, 0);
    assert.deepEqual(
      offerStories([{ ...taken1, state: 'gone' }], []).stories[0].headline,
      '@ada offered to help @grace: #12 Fix flaky eviction test — the issue is gone, 0 lessons',
    );
    assert.match(offerStories([{ ...taken1, state: 'taken' }], []).stories[0].headline, /is helping @grace: .* in progress/);
    assert.equal(
      formatMarker({ v: 1, kind: 'offer', id: ID, helper: 'ada', state: 'taken' }),
      `<!-- mutual-mentor {"v":1,"kind":"offer","id":"${ID}","helper":"ada","state":"taken"} -->`,
    );
  });
});

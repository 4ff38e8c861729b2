// Help first (issue 15): the ranking of ways to help, the search queries of the batched refresh, and
// the cursor cache's delta — pure functions, no GitHub.
import { strict as assert } from 'node:assert';
import { applyDelta, candidateOf, helpSearchQueries, mergedCandidates } from '../../../src/core/help/find';
import { DEFAULT_LIMIT, MAX_CANDIDATES, displayTitle, normalWords, rankWaysToHelp, topicsIn, type HelpCandidate } from '../../../src/core/help/rank';
import { assertLinear, grow } from '../../support/linearity';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const wish = { partner: 'grace', wantToLearn: ['testing', 'type safety'] };
let next = 0;
function candidate(over: Partial<HelpCandidate> = {}): HelpCandidate {
  next++;
  return {
    id: `I_${next}`,
    type: 'issue',
    repo: 'grace/lru',
    number: next,
    title: `Issue ${next}`,
    url: `https://github.com/grace/lru/issues/${next}`,
    body: '',
    labels: [],
    updatedAt: '2026-12-01T00:00:00Z',
    author: 'grace',
    foundBy: ['helpWanted'],
    ...over,
  };
}

describe('core/help/rank', () => {
  it('puts fit with what you want to learn first, and says why in words', () => {
    const plain = candidate({ labels: ['help wanted'], title: 'Rename the cache option' });
    const fit = candidate({ labels: ['help wanted'], title: 'Flaky Testing of eviction' });
    const bodyOnly = candidate({
      labels: ['good first issue'],
      title: 'Eviction order',
      body: 'Needs better type safety in the map.',
      foundBy: ['goodFirstIssue', 'topic'],
    });
    const ranked = rankWaysToHelp([plain, bodyOnly, fit], wish, { now: NOW });
    assert.deepEqual(
      ranked.map((r) => r.candidate.id),
      [fit.id, bodyOnly.id, plain.id],
    );
    assert.equal(ranked[0].reason, 'help wanted · about testing, which you want to learn from @grace');
    assert.equal(ranked[1].reason, 'good first issue · about type safety, which you want to learn from @grace');
    assert.equal(ranked[2].reason, 'help wanted');
    assert.deepEqual(ranked[0].topics, ['testing']);
  });

  it('says when the partner asked for your review, or a pull request waits for a first one', () => {
    const asked = candidate({ type: 'pullRequest', foundBy: ['reviewRequested', 'unreviewed'], title: 'Add testing helpers' });
    const waiting = candidate({ type: 'pullRequest', foundBy: ['unreviewed'] });
    const [a, b] = rankWaysToHelp([waiting, asked], wish, { now: NOW });
    assert.equal(a.reason, '@grace asked for your review · about testing, which you want to learn from @grace');
    assert.equal(b.reason, 'waiting for a first review');
  });

  it('matches topics case-insensitively and as whole words only', () => {
    const text = normalWords('TESTING the Type-Safety of attestings; retesting C++ and Node.js');
    assert.deepEqual(
      topicsIn(text, ['testing', 'type safety', 'test', 'c++', 'node js', 'c']),
      ['testing', 'type safety', 'c++', 'node js'],
      '"c" is not a word of "c++"',
    );
    assert.deepEqual(topicsIn(normalWords('contesting attestation'), ['testing', 'test']), []);
    assert.deepEqual(topicsIn(normalWords('anything'), ['', '  ', '!!']), [], 'a topic without words matches nothing');
  });

  it('breaks ties by freshness, then by URL, the same way every time', () => {
    const older = candidate({ updatedAt: '2026-11-01T00:00:00Z', url: 'https://github.com/grace/a/issues/1' });
    const b = candidate({ updatedAt: '2026-12-02T00:00:00Z', url: 'https://github.com/grace/b/issues/1' });
    const a = candidate({ updatedAt: '2026-12-02T00:00:00Z', url: 'https://github.com/grace/a/issues/2' });
    const first = rankWaysToHelp([older, b, a], wish, { now: NOW }).map((r) => r.candidate.id);
    const second = rankWaysToHelp([a, older, b], wish, { now: NOW }).map((r) => r.candidate.id);
    assert.deepEqual(first, [a.id, b.id, older.id]);
    assert.deepEqual(second, first);
    // Same score and time: the score really was equal (freshness is the same), so URL decides.
    const scores = rankWaysToHelp([a, b], wish, { now: NOW }).map((r) => r.score);
    assert.equal(scores[0], scores[1]);
  });

  it('shows hostile titles on one line: no line breaks, controls or direction overrides, capped', () => {
    assert.equal(displayTitle('Fix\n\n<script>alert(1)</script>\u202eevil\u0000\t end'), 'Fix <script>alert(1)</script> evil end');
    assert.equal(displayTitle(''), '(untitled)');
    assert.equal(displayTitle(' \n\t'), '(untitled)');
    const long = displayTitle('x'.repeat(100_000));
    assert.equal(long.length, 160);
    assert.ok(long.endsWith('…'));
    const [r] = rankWaysToHelp([candidate({ title: 'testing\u2028injected\nline', labels: ['help wanted'] })], wish, { now: NOW });
    assert.equal(r.label, 'testing injected line');
    assert.ok(!r.reason.includes('\n'));
  });

  it('caps a huge result set: ranks at most MAX_CANDIDATES, returns the limit, skips duplicates', () => {
    const many = Array.from({ length: MAX_CANDIDATES + 5_000 }, (_, i) => candidate({ title: i % 7 === 0 ? 'testing' : 'other', body: 'x '.repeat(2_000) }));
    const started = performance.now();
    const ranked = rankWaysToHelp([many[0], ...many], wish, { now: NOW });
    assert.ok(performance.now() - started < 2_000, 'ranks 6,000 candidates quickly');
    assert.equal(ranked.length, DEFAULT_LIMIT);
    assert.equal(new Set(ranked.map((r) => r.candidate.id)).size, DEFAULT_LIMIT);
    assert.ok(
      ranked.every((r) => Number(r.candidate.id.slice(2)) <= Number(many[MAX_CANDIDATES - 1].id.slice(2))),
      'only the first MAX_CANDIDATES were read',
    );
    assert.equal(rankWaysToHelp(many, wish, { now: NOW, limit: 3 }).length, 3);
  });

  it('matches topics and cleans titles in linear time on hostile text', () => {
    assertLinear(
      (s) => topicsIn(normalWords(s, Infinity), ['type safety', 'testing']),
      (n) => grow('type ', n),
      'normalWords: repeated partial topic',
    );
    assertLinear(
      (s) => normalWords(s, Infinity),
      (n) => grow(' !', n, 'a'),
      'normalWords: separators',
    );
    assertLinear(
      (s) => displayTitle(s),
      (n) => grow(' \n\u202e', n, 'x'),
      'displayTitle: blanks',
    );
  });
});

describe('core/help/find (pure parts)', () => {
  it('scopes every search to the partner’s repositories, quotes topics, and turns into a delta with a cursor', () => {
    const full = helpSearchQueries('ada', { partner: 'grace', wantToLearn: ['testing', 'say "hi" \\ there', 'a', 'dropped fourth'] });
    assert.equal(full.helpWanted, 'user:grace is:issue is:open label:"help wanted" sort:updated-desc');
    assert.equal(full.reviewRequested, 'user:grace is:pr is:open author:grace review-requested:ada sort:updated-desc');
    assert.equal(full.unreviewed, 'user:grace is:pr is:open author:grace review:none -is:draft sort:updated-desc');
    assert.equal(full.topic1, 'user:grace is:issue is:open "say  hi    there" in:title,body sort:updated-desc');
    assert.equal(full.topic2, 'user:grace is:issue is:open "a" in:title,body sort:updated-desc');
    assert.equal(Object.keys(full).length, 7, 'three topic slots at most');
    const delta = helpSearchQueries('ada', { partner: 'grace', wantToLearn: [] }, '2026-12-01T00:00:00Z');
    assert.equal(delta.goodFirstIssue, 'user:grace is:issue updated:>=2026-12-01T00:00:00Z label:"good first issue" sort:updated-asc');
    assert.equal(delta.topic0, undefined);
  });

  it('skips malformed search hits with a warning', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const good = {
      id: 'I_1',
      number: 1,
      title: 't',
      url: 'https://github.com/grace/x/issues/1',
      body: null,
      updatedAt: '2026-12-01T00:00:00Z',
      closed: false,
      author: null,
      repository: { nameWithOwner: 'grace/x' },
      labels: { nodes: [{ name: 'help wanted' }, null, { name: 5 }] },
    };
    const hit = candidateOf(good, 'helpWanted', warn);
    assert.deepEqual(hit?.candidate.labels, ['help wanted']);
    assert.equal(hit?.candidate.author, 'ghost');
    assert.equal(hit?.candidate.body, '');
    for (const bad of [
      null,
      7,
      [],
      { ...good, id: 3 },
      { ...good, closed: 'no' },
      { ...good, url: 'javascript:alert(1)' },
      { ...good, updatedAt: 'soon' },
      { ...good, repository: null },
    ]) {
      assert.equal(candidateOf(bad, 'helpWanted', warn), undefined);
    }
    assert.equal(warnings.length, 8);
  });

  it('a delta drops what closed or changed and no longer matches, adds what matches now, keeps the rest', () => {
    const keep = candidate({ foundBy: ['helpWanted'] });
    const unlabelled = candidate({ foundBy: ['helpWanted'] });
    const closed = candidate({ foundBy: ['helpWanted'] });
    const reviewed = candidate({ type: 'pullRequest', foundBy: ['unreviewed'] });
    const fresh = candidate({ foundBy: ['helpWanted'] });
    const found = { helpWanted: [keep, unlabelled, closed], unreviewed: [reviewed] };
    const next = applyDelta(
      found,
      {
        helpWanted: [
          { candidate: { ...closed, updatedAt: '2026-12-03T00:00:00Z' }, open: false },
          { candidate: fresh, open: true },
        ],
        unreviewed: [],
      },
      new Set([unlabelled.id, closed.id, reviewed.id, fresh.id]),
    );
    assert.deepEqual(
      next.helpWanted?.map((c) => c.id),
      [fresh.id, keep.id],
    );
    assert.equal(next.unreviewed, undefined);
    const both = mergedCandidates({ helpWanted: [keep], topic0: [{ ...keep, foundBy: ['topic'] }] });
    assert.deepEqual(
      both.map((c) => c.foundBy),
      [['helpWanted', 'topic']],
    );
  });
});

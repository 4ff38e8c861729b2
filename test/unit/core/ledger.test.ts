import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { csvCell, toCsv, toJson, toMarkdown } from '../../../src/core/ledger/export';
import { balanceOf, buildLedger, DEFAULT_DRIFT, driftOf, NO_TOPIC, type LedgerEvent } from '../../../src/core/ledger/ledger';
import { lessonBody, lessonsIn } from '../../../src/core/ledger/lessons';
import { appendMarker, formatMarker, scanMarkers } from '../../../src/core/marker';
import { createGitHubClient } from '../../../src/core/github/client';
import { findHelp, helpQuery } from '../../../src/core/ledger/help';
import { findHistory } from '../../../src/core/ledger/history';
import type { Octokit } from 'octokit';
import { answersIn, findGiveBack, unansweredAsks } from '../../../src/core/ledger/giveBack';
import type { Ask, Reply } from '../../../src/core/model';
import { startHarness, type Harness } from '../sandbox/harness';

const comment = (body: string, author: string) => ({
  body,
  author,
  createdAt: '2026-11-01T10:00:00Z',
  url: 'https://github.com/ada/x/issues/1#issuecomment-1',
  nodeId: 'IC_1',
});

describe('core/ledger/lessons', () => {
  it('writes a visible line and a lesson marker naming learner and teacher, and reads it back', () => {
    const id = randomUUID();
    const askId = randomUUID();
    const body = lessonBody({
      id,
      learner: 'ada',
      teacher: 'grace',
      topic: 'data structures',
      text: 'A Map keeps\ninsertion order',
      detail: 'So the oldest key is first.',
      askId,
    });
    assert.match(body, /^Learned from @grace \(topic: data structures\): A Map keeps insertion order\n\nSo the oldest key is first\.\n\n<!-- mutual-mentor /);
    assert.deepEqual(scanMarkers(body).markers, [{ v: 1, kind: 'lesson', id, topic: 'data structures', learner: 'ada', teacher: 'grace', ask: askId }]);
    const [lesson] = lessonsIn(comment(body, 'ada'));
    assert.deepEqual(lesson, {
      id,
      learner: 'ada',
      teacher: 'grace',
      topic: 'data structures',
      text: 'A Map keeps insertion order',
      detail: 'So the oldest key is first.',
      askId,
      createdAt: '2026-11-01T10:00:00Z',
      url: 'https://github.com/ada/x/issues/1#issuecomment-1',
      nodeId: 'IC_1',
    });
  });

  it('ignores a forged lesson: written by anyone but its learner, or crediting its own author', () => {
    const warnings: string[] = [];
    const forged = lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', text: 'grace is great' });
    assert.deepEqual(
      lessonsIn(comment(forged, 'grace'), (w) => warnings.push(w)),
      [],
      'grace cannot credit herself with teaching ada',
    );
    assert.deepEqual(
      lessonsIn(comment(forged, 'eve'), (w) => warnings.push(w)),
      [],
      'nor can eve',
    );
    const self = lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'ada', text: 'I taught myself' });
    assert.deepEqual(
      lessonsIn(comment(self, 'ada'), (w) => warnings.push(w)),
      [],
    );
    const anonymous = formatMarker({ v: 1, kind: 'lesson', id: randomUUID() });
    assert.deepEqual(
      lessonsIn(comment(anonymous, 'ada'), (w) => warnings.push(w)),
      [],
    );
    assert.equal(warnings.length, 4);
    assert.match(warnings[0] ?? '', /says @ada learned, but @grace wrote it; ignored/);
    assert.equal(lessonsIn(comment(forged, 'ADA')).length, 1, 'logins compare case-insensitively');
  });

  it('counts one lesson per comment, however many markers someone put in it', () => {
    const warnings: string[] = [];
    const two = `${lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', text: 'one' })}\n${formatMarker({ v: 1, kind: 'lesson', id: randomUUID(), learner: 'ada', teacher: 'grace' })}`;
    assert.equal(lessonsIn(comment(two, 'ada'), (w) => warnings.push(w)).length, 1);
    assert.match(warnings.join('\n'), /carries 2 lesson markers; only the first counts/);
  });

  it('refuses malformed learner/teacher/ask fields in a marker', () => {
    const id = randomUUID();
    const scan = scanMarkers(
      `<!-- mutual-mentor {"v":1,"kind":"lesson","id":"${id}","learner":"a b","teacher":"grace"} --> <!-- mutual-mentor {"v":1,"kind":"lesson","id":"${id}","ask":"nope"} -->`,
    );
    assert.deepEqual(scan.markers, []);
    assert.deepEqual(scan.warnings, ['marker ignored: malformed learner', 'marker ignored: malformed ask id']);
  });
});

const lesson = (from: string, to: string, at: string, topic?: string): LedgerEvent => ({
  kind: 'lesson',
  id: randomUUID(),
  at,
  from,
  to,
  text: 't',
  url: 'https://x/1',
  ...(topic ? { topic } : {}),
});
const help = (from: string, to: string, at: string, type: 'mergedPullRequest' | 'review' | 'answer' = 'review', topic?: string): LedgerEvent => ({
  kind: 'help',
  id: randomUUID(),
  at,
  from,
  to,
  type,
  title: 'PR',
  url: 'https://x/2',
  ...(topic ? { topic } : {}),
});

describe('core/ledger/ledger', () => {
  const events = [
    lesson('grace', 'ada', '2026-09-03T00:00:00Z', 'typescript'),
    lesson('grace', 'ada', '2026-10-03T00:00:00Z', 'typescript'),
    lesson('ada', 'grace', '2026-10-05T00:00:00Z', 'testing'),
    help('ada', 'grace', '2026-10-06T00:00:00Z', 'mergedPullRequest'),
    help('Grace', 'ada', '2026-10-07T00:00:00Z', 'review', 'testing'),
    lesson('eve', 'grace', '2026-10-07T00:00:00Z'),
    lesson('ada', 'ada', '2026-10-07T00:00:00Z'),
  ];

  it('counts each direction per partner, per topic and per month; skips what is not between me and someone else', () => {
    const ledger = buildLedger(events, 'ADA');
    assert.deepEqual([...ledger.keys()], ['grace']);
    const g = ledger.get('grace')!;
    assert.deepEqual(
      { taught: g.taught, learned: g.learned, helpGiven: g.helpGiven, helpReceived: g.helpReceived },
      { taught: 1, learned: 2, helpGiven: 1, helpReceived: 1 },
    );
    assert.deepEqual(g.byTopic.get('typescript'), { taught: 0, learned: 2, helpGiven: 0, helpReceived: 0 });
    assert.deepEqual(g.byTopic.get('testing'), { taught: 1, learned: 0, helpGiven: 0, helpReceived: 1 });
    assert.deepEqual(g.byTopic.get(NO_TOPIC), { taught: 0, learned: 0, helpGiven: 1, helpReceived: 0 });
    assert.deepEqual([...g.byMonth.keys()], ['2026-09', '2026-10']);
    assert.equal(g.last, Date.parse('2026-10-07T00:00:00Z'));
    assert.deepEqual(balanceOf(g), { given: 2, received: 3, balance: -0.2 });
  });

  it('the same events give the mirrored ledger from the other side', () => {
    const mine = buildLedger(events, 'ada').get('grace')!;
    const theirs = buildLedger(events, 'grace').get('ada')!;
    assert.deepEqual([theirs.taught, theirs.learned, theirs.helpGiven, theirs.helpReceived], [mine.learned, mine.taught, mine.helpReceived, mine.helpGiven]);
  });

  it('says when a pair drifted one-sided within the window, and not for too few or old events', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    const recent = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const receiving = [
      lesson('grace', 'ada', recent(1)),
      lesson('grace', 'ada', recent(2)),
      help('grace', 'ada', recent(3)),
      lesson('grace', 'ada', recent(4)),
      help('ada', 'grace', recent(90)),
    ];
    assert.deepEqual(driftOf(receiving, 'ada', 'grace', DEFAULT_DRIFT, now), { state: 'receiving', given: 0, received: 4, share: 1 });
    assert.equal(driftOf(receiving, 'grace', 'ada', DEFAULT_DRIFT, now).state, 'giving');
    assert.equal(driftOf(receiving.slice(0, 3), 'ada', 'grace', DEFAULT_DRIFT, now).state, 'tooFew');
    const balanced = [...receiving, help('ada', 'grace', recent(1)), lesson('ada', 'grace', recent(2))];
    assert.equal(driftOf(balanced, 'ada', 'grace', DEFAULT_DRIFT, now).state, 'balanced');
  });
});

describe('core/ledger/export', () => {
  const events = [
    lesson('grace', 'ada', '2026-10-03T00:00:00Z', 'type|script'),
    { ...help('ada', 'grace', '2026-10-06T00:00:00Z', 'mergedPullRequest'), title: '=HYPERLINK("http://evil","x"), "quoted"\nnext' },
  ];

  it('CSV: one row per event, quoted where needed, and no cell starts a formula', () => {
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    const csv = toCsv(events);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'date,kind,type,from,to,topic,what,url');
    assert.match(csv, /,"'=HYPERLINK\(""http:\/\/evil"",""x""\), ""quoted""\nnext",/);
  });

  it('JSON: the ledger and the events, versioned', () => {
    const parsed = JSON.parse(toJson(events, 'ada')) as {
      version: number;
      ledger: { partner: string; learned: number; helpGiven: number }[];
      events: unknown[];
    };
    assert.equal(parsed.version, 1);
    assert.deepEqual(
      parsed.ledger.map((l) => [l.partner, l.learned, l.helpGiven]),
      [['grace', 1, 1]],
    );
    assert.equal(parsed.events.length, 2);
  });

  it('Markdown: per partner a topic table and the history; GitHub text cannot break the table or add HTML', () => {
    const md = toMarkdown(events, 'ada', '2026-11-01T00:00:00Z');
    assert.match(md, /^# Mentoring ledger of @ada\n/);
    assert.match(md, /## @grace\n\nYou taught 0, learned 1; help given 1, received 0/);
    assert.match(md, /\| type\\\|script \| 0 \| 1 \| 0 \| 0 \|/);
    assert.match(md, /- 2026-10-06 — @ada helped @grace \(pull request merged\): =HYPERLINK\("http:\/\/evil","x"\), "quoted" next — <https:\/\/x\/2>/);
    assert.match(toMarkdown([], 'ada', '2026-11-01T00:00:00Z'), /No lessons or help recorded yet/);
    const hostile: LedgerEvent = {
      kind: 'lesson',
      id: 'lesson:h',
      at: '2026-10-03T00:00:00Z',
      from: 'grace',
      to: 'ada',
      url: 'https://x/1',
      text: '![x](https://tracker.example/p.png) [click](https://evil.example) *bold*',
    };
    const tracker = toMarkdown([hostile], 'ada', '2026-11-01T00:00:00Z');
    assert.match(
      tracker,
      /\\!\\\[x\\\]\(https:\/\/tracker\.example\/p\.png\) \\\[click\\\]\(https:\/\/evil\.example\) \\\*bold\\\*/,
      'no image, link or emphasis can form',
    );
  });
});

describe('core/ledger/help against the sandbox', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await startHarness();
    for (const [owner, collaborator] of [
      ['ada', 'grace'],
      ['grace', 'ada'],
    ] as const) {
      assert.equal(
        (await h.admin('POST', '/_sandbox/repos', { owner, name: 'help', files: { 'README.md': 'x\n' }, collaborators: [collaborator] })).status,
        201,
      );
    }
  });
  after(() => h.close());

  async function pull(owner: string, author: string, branch: string, labels: string[] = []): Promise<number> {
    const res = await h.admin('POST', `/_sandbox/repos/${owner}/help/commits`, {
      branch,
      files: { [`${branch}.txt`]: `${branch}\n` },
      author,
      message: branch,
    });
    assert.equal(res.status, 201);
    const { data } = await h.client(author).rest.pulls.create({ owner, repo: 'help', head: branch, base: 'main', title: `${author}: ${branch}` });
    if (labels.length) await h.client(owner).rest.issues.addLabels({ owner, repo: 'help', issue_number: data.number, labels });
    return data.number;
  }

  it('finds merged pull requests and reviews each way in one batched query, and only what changed after the cursors', async () => {
    const merged = await pull('ada', 'grace', 'fix-typo', ['mentoring', 'docs']);
    await h.client('ada').rest.pulls.merge({ owner: 'ada', repo: 'help', pull_number: merged });
    const reviewed = await pull('grace', 'grace', 'feature');
    await h.client('ada').rest.pulls.createReview({ owner: 'grace', repo: 'help', pull_number: reviewed, event: 'APPROVE', body: 'Nice.' });
    await pull('ada', 'grace', 'unmerged'); // open, not merged: not help (yet)
    // Only a line comment (a reply in a review thread makes such a wordless COMMENTED review): not a review given.
    const threadOnly = await pull('grace', 'grace', 'thread-only');
    const { data: files } = await h.client('ada').rest.pulls.listFiles({ owner: 'grace', repo: 'help', pull_number: threadOnly });
    await h.client('ada').rest.pulls.createReview({
      owner: 'grace',
      repo: 'help',
      pull_number: threadOnly,
      event: 'COMMENT',
      comments: [{ path: files[0].filename, line: 1, body: 'Why this?' }],
    });
    const forgedReview = await pull('grace', 'eve', 'eve-pr');
    await h.client('ada').rest.pulls.createReview({ owner: 'grace', repo: 'help', pull_number: forgedReview, event: 'COMMENT', body: 'Reviewing eve.' });

    const product = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
    const first = await findHelp(product, 'ada', 'grace');
    assert.equal(first.requests, 1, 'one batched query when every search fits a page');
    assert.deepEqual(first.warnings, []);
    const summary = first.events.map((e) => (e.kind === 'help' ? `${e.type} ${e.from}→${e.to} ${e.topic ?? '-'}` : '')).sort();
    assert.deepEqual(summary, ['mergedPullRequest grace→ada docs', 'review ada→grace -']);
    const ledger = buildLedger(first.events, 'ada').get('grace')!;
    assert.deepEqual([ledger.helpGiven, ledger.helpReceived], [1, 1]);
    assert.ok(first.cursors.mergedByThem && first.cursors.reviewedByMe);

    // From grace's side the same help, mirrored.
    const asGrace = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().grace, userAgent: 'mm-test', retries: 0 });
    const mirrored = buildLedger((await findHelp(asGrace, 'grace', 'ada')).events, 'grace').get('ada')!;
    assert.deepEqual([mirrored.helpGiven, mirrored.helpReceived], [1, 1]);

    // Nothing new: the cursors bring back at most what was seen at the cursor's second, never older help.
    await new Promise((r) => setTimeout(r, 1100));
    const again = await findHelp(product, 'ada', 'grace', { cursors: first.cursors });
    assert.ok(again.events.every((e) => first.events.some((f) => f.id === e.id)));
    const later = await pull('grace', 'grace', 'second');
    await h.client('ada').rest.pulls.createReview({ owner: 'grace', repo: 'help', pull_number: later, event: 'REQUEST_CHANGES', body: 'One thing.' });
    const next = await findHelp(product, 'ada', 'grace', { cursors: again.cursors });
    assert.deepEqual(
      next.events.filter((e) => !first.events.some((f) => f.id === e.id)).map((e) => e.url.includes(`/pull/${later}`)),
      [true],
    );
  });

  it('follows only the search that has a second page (more than 50 results)', async () => {
    for (let i = 0; i < 50; i++) {
      const n = await pull('ada', 'grace', `many-${i}`);
      await h.client('ada').rest.pulls.merge({ owner: 'ada', repo: 'help', pull_number: n });
    }
    const product = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
    const all = await findHelp(product, 'ada', 'grace');
    const closed = await h.client('ada').paginate(h.client('ada').rest.pulls.list, { owner: 'ada', repo: 'help', state: 'closed', per_page: 100 });
    const expected = closed.filter((p) => p.merged_at && p.user?.login === 'grace').length;
    assert.ok(expected > 50);
    assert.equal(all.events.filter((e) => e.kind === 'help' && e.type === 'mergedPullRequest').length, expected);
    assert.equal(all.requests, 2, 'the batched query, then page two of the one search that has it');
    assert.equal(new Set(all.events.map((e) => e.id)).size, all.events.length, 'no result is read twice');
    assert.ok(helpQuery('mergedByThem', 'ada', 'grace').startsWith('is:pr is:merged author:grace user:ada'));
  });
});

describe('core/ledger/giveBack', function () {
  this.timeout(60_000);
  const repo = { host: 'h', owner: 'ada', name: 'x' };
  const ask = (id: string, direction: 'sent' | 'received', partner: string, createdAt: string): Ask => ({
    id,
    direction,
    partner,
    question: `Q ${id}\nmore`,
    createdAt,
    target: { kind: 'issue', repo },
    topic: 'testing',
    posted: { url: `https://h/ada/x/issues/${id}`, nodeId: `I_${id}`, databaseId: 1, number: 1 },
  });
  const reply = (askId: string, author: string, createdAt: string): Reply => ({
    nodeId: `C_${askId}_${author}_${createdAt}`,
    askId,
    author,
    kind: 'issueComment',
    body: 'b',
    bodyHTML: '',
    createdAt,
    url: `https://h/c/${askId}`,
    suggestions: [],
  });

  it('answers: each ask answered by the other side counts once, at its first answer', () => {
    const asks = [
      ask('1', 'sent', 'grace', '2026-10-01T00:00:00Z'),
      ask('2', 'received', 'grace', '2026-10-02T00:00:00Z'),
      ask('3', 'sent', 'grace', '2026-10-03T00:00:00Z'),
    ];
    const replies: Record<string, Reply[]> = {
      1: [reply('1', 'grace', '2026-10-05T00:00:00Z'), reply('1', 'grace', '2026-10-04T00:00:00Z'), reply('1', 'ada', '2026-10-04T00:00:00Z')],
      2: [reply('2', 'ada', '2026-10-06T00:00:00Z')],
      3: [reply('3', 'ada', '2026-10-06T00:00:00Z')],
    };
    replies[3].push({
      ...reply('3', 'grace', '2026-10-07T00:00:00Z'),
      body: lessonBody({ id: randomUUID(), learner: 'grace', teacher: 'ada', text: 'learned' }),
    });
    const events = answersIn(asks, (id) => replies[id] ?? [], 'ada');
    assert.deepEqual(
      events.map((e) => [e.id, e.from, e.to, e.at]),
      [
        ['answer:1', 'grace', 'ada', '2026-10-04T00:00:00Z'],
        ['answer:2', 'ada', 'grace', '2026-10-06T00:00:00Z'],
      ],
    );
  });

  it('unanswered asks from the partner, oldest first', () => {
    const asks = [
      ask('2', 'received', 'grace', '2026-10-02T00:00:00Z'),
      ask('1', 'received', 'Grace', '2026-10-01T00:00:00Z'),
      ask('3', 'received', 'eve', '2026-10-01T00:00:00Z'),
      ask('4', 'sent', 'grace', '2026-10-01T00:00:00Z'),
    ];
    const items = unansweredAsks(asks, (id) => (id === '2' ? [reply('2', 'ada', '2026-10-03T00:00:00Z')] : []), 'ada', 'grace');
    assert.deepEqual(
      items.map((i) => [i.askId, i.kind, i.title, i.why]),
      [['1', 'openAsk', 'Q 1', '@grace asked you about testing']],
    );
  });

  it('finds review requests and help-wanted issues about what you teach in the partner’s repositories', async () => {
    const h = await startHarness();
    try {
      assert.equal(
        (await h.admin('POST', '/_sandbox/repos', { owner: 'grace', name: 'kata', files: { 'README.md': 'x\n' }, collaborators: ['ada'] })).status,
        201,
      );
      const grace = h.client('grace');
      const o = { owner: 'grace', repo: 'kata' };
      await grace.rest.issues.create({ ...o, title: 'Flaky testing of the parser', labels: ['help wanted'] });
      await grace.rest.issues.create({ ...o, title: 'Logo colours', labels: ['help wanted'] });
      await grace.rest.issues.create({ ...o, title: 'Add a testing guide', labels: ['good first issue', 'help wanted'] });
      await h.admin('POST', '/_sandbox/repos/grace/kata/commits', { branch: 'wip', files: { 'a.txt': 'a\n' }, author: 'grace', message: 'wip' });
      const { data: pr } = await grace.rest.pulls.create({ ...o, head: 'wip', base: 'main', title: 'Please review my parser' });
      await grace.rest.pulls.requestReviewers({ ...o, pull_number: pr.number, reviewers: ['ada'] });
      const product = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
      const items = await findGiveBack(product, 'ada', 'grace', ['testing']);
      assert.deepEqual(
        items.map((i) => [i.kind, i.title]),
        [
          ['reviewRequest', 'Please review my parser'],
          ['helpWanted', 'Add a testing guide'],
          ['helpWanted', 'Flaky testing of the parser'],
        ],
      );
      assert.match(items[1].why, /about testing/);
    } finally {
      await h.close();
    }
  });
});

describe('core/ledger/history: the same ledger from either side, from GitHub alone', function () {
  this.timeout(60_000);

  it('ada and grace, each with an empty store, see mirrored ledgers; a forged lesson counts on neither side', async () => {
    const h = await startHarness();
    try {
      for (const [owner, other] of [
        ['ada', 'grace'],
        ['grace', 'ada'],
      ] as const) {
        assert.equal((await h.admin('POST', '/_sandbox/repos', { owner, name: 'ex', files: { 'README.md': 'x\n' }, collaborators: [other] })).status, 201);
        await h
          .client(owner)
          .rest.issues.createLabel({ owner, repo: 'ex', name: 'mentoring' })
          .catch(() => undefined);
      }
      const ada = h.client('ada');
      const grace = h.client('grace');
      const askIssue = async (asker: Octokit, owner: string, to: string, topic: string) => {
        const id = randomUUID();
        const { data } = await asker.rest.issues.create({
          owner,
          repo: 'ex',
          title: `Stuck on ${topic}`,
          body: appendMarker(`@${to} why?`, { v: 1, kind: 'ask', id, topic }),
          labels: ['mentoring'],
        });
        return { id, number: data.number, owner };
      };
      // ada asks grace; grace answers; ada records a lesson; grace forges one for ada.
      const a1 = await askIssue(ada, 'ada', 'grace', 'sql');
      await grace.rest.issues.createComment({ owner: 'ada', repo: 'ex', issue_number: a1.number, body: 'Use an index.' });
      await ada.rest.issues.createComment({
        owner: 'ada',
        repo: 'ex',
        issue_number: a1.number,
        body: lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', topic: 'sql', text: 'Indexes make lookups fast', askId: a1.id }),
      });
      await grace.rest.issues.createComment({
        owner: 'ada',
        repo: 'ex',
        issue_number: a1.number,
        body: lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', text: 'forged praise' }),
      });
      // grace asks ada in her own repository; ada answers; grace records a lesson.
      const a2 = await askIssue(grace, 'grace', 'ada', 'css');
      await ada.rest.issues.createComment({ owner: 'grace', repo: 'ex', issue_number: a2.number, body: 'Try grid.' });
      await grace.rest.issues.createComment({
        owner: 'grace',
        repo: 'ex',
        issue_number: a2.number,
        body: lessonBody({ id: randomUUID(), learner: 'grace', teacher: 'ada', topic: 'css', text: 'Grid beats floats', askId: a2.id }),
      });

      const client = (login: string) => createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users()[login], userAgent: 'mm-test', retries: 0 });
      const adaSide = await findHistory(client('ada'), 'ada', 'grace');
      const graceSide = await findHistory(client('grace'), 'grace', 'ada');
      assert.equal(adaSide.requests, 1);
      assert.ok(
        adaSide.warnings.some((w) => /says @ada learned, but @grace wrote it/.test(w)),
        'the forgery is reported',
      );
      const mine = buildLedger(adaSide.events, 'ada').get('grace')!;
      const theirs = buildLedger(graceSide.events, 'grace').get('ada')!;
      assert.deepEqual([mine.taught, mine.learned, mine.helpGiven, mine.helpReceived], [1, 1, 1, 1]);
      assert.deepEqual([theirs.taught, theirs.learned, theirs.helpGiven, theirs.helpReceived], [mine.learned, mine.taught, mine.helpReceived, mine.helpGiven]);
      assert.deepEqual([...adaSide.events].map((e) => e.id).sort(), [...graceSide.events].map((e) => e.id).sort(), 'the very same events from either side');
      assert.ok(!adaSide.events.some((e) => e.kind === 'lesson' && e.text.includes('forged')));
    } finally {
      await h.close();
    }
  });
});

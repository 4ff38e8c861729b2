// The report run against the sandbox: a seeded program read in batched queries, figures equal to what
// was seeded, each query's cost as estimated, an unchanged re-run that reads nothing again, and an
// interrupted run that resumes where it stopped.
import { strict as assert } from 'node:assert';
import { createGitHubClient } from '../../../../src/core/github/client';
import { DEFAULT_DRIFT } from '../../../../src/core/ledger/ledger';
import type { CursorFile } from '../../../../src/core/report/cursor';
import { makePair, pairKey, type Pair } from '../../../../src/core/report/pairs';
import { runReport } from '../../../../src/core/report/run';
import { createSandbox, type Sandbox } from '../../../sandbox/server';
import { seedProgram, type ProgramSeed } from '../../../sandbox/programSeed';

describe('core/report/run', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let seed: ProgramSeed;
  let pairs: Pair[];
  const now = Date.now();

  before(async () => {
    sandbox = await createSandbox();
    seed = seedProgram(sandbox, { pairs: 40, exchangesPerPair: 6, now });
    sandbox.state.addUser('lead');
    pairs = seed.pairs.map(([a, b]) => makePair(a, b) as Pair);
  });
  after(() => sandbox.close());

  // Without octokit's one-second spacing of GraphQL queries (ARCHITECTURE.md §Program report), so the test runs in seconds.
  const client = () => createGitHubClient({ apiUrl: sandbox.url, token: sandbox.users().lead, userAgent: 'mm-test', retries: 0, spaceQueries: false });
  const points = () => sandbox.accounting.userStats('lead').graphqlPoints;

  it('reads every pair in batched queries and counts what was seeded, each way', async () => {
    const before = points();
    const lines: string[] = [];
    const run = await runReport({ client: client(), pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now, log: (l) => lines.push(l) });
    assert.deepEqual(run.warnings, []);
    for (const p of run.pairs) {
      const want = seed.expected.get(pairKey(p))!;
      assert.deepEqual({ aToB: { lessons: p.aToB.lessons, help: p.aToB.help }, bToA: { lessons: p.bToA.lessons, help: p.bToA.help } }, want, `${pairKey(p)}`);
    }
    assert.equal(
      run.pairs.reduce((n, p) => n + p.events, 0),
      seed.events,
    );
    assert.equal(points() - before, run.cost.points, 'the points GitHub reported are the points the sandbox charged');
    assert.equal(run.cost.points, run.cost.estimatedPoints, 'every query cost what was estimated before it was sent');
    assert.ok(lines[0]?.startsWith('estimate:'), 'the estimate is printed first');
    // 40 pairs: 2 discovery queries; 240 exchanges at ~9 per details query.
    assert.ok(run.cost.points <= 2 + Math.ceil(seed.exchanges / 8), `${run.cost.points} points`);

    const again = await runReport({ client: client(), pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now, cursor: run.cursor });
    assert.equal(again.cost.points, 2, 'an unchanged re-run costs its discovery queries only');
    assert.deepEqual(again.pairs, run.pairs);
  });

  it('re-reads only the exchange that changed', async () => {
    const first = await runReport({ client: client(), pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now });
    const repo = sandbox.state.repo(pairs[3].a, 'exchanges')!;
    const issue = [...repo.issues.values()][0];
    const author = issue.user;
    const t = new Date(now + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const learner = author.login === pairs[3].a ? pairs[3].a : pairs[3].b;
    const teacher = learner === pairs[3].a ? pairs[3].b : pairs[3].a;
    issue.comments.push({
      id: sandbox.state.id(),
      issue,
      user: sandbox.state.user(learner)!,
      body: `Learned: more.\n\n<!-- mutual-mentor {"v":1,"kind":"lesson","id":"6f1c2a3b-1111-4222-8333-944445555666","learner":"${learner}","teacher":"${teacher}"} -->`,
      createdAt: t,
      updatedAt: t,
    });
    issue.updatedAt = t;
    const second = await runReport({ client: client(), pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now, cursor: first.cursor });
    assert.equal(second.cost.points, 3, 'two discovery queries and one details query');
    const p = second.pairs.find((x) => pairKey(x) === pairKey(pairs[3]))!;
    const was = first.pairs.find((x) => pairKey(x) === pairKey(pairs[3]))!;
    const way = teacher === p.a ? 'aToB' : 'bToA';
    assert.equal(p[way].lessons, was[way].lessons + 1);
  });

  it('resumes an interrupted run at the group it stopped in', async () => {
    let saved: CursorFile | undefined;
    let checkpoints = 0;
    const failing = client();
    const real = failing.graphql.bind(failing);
    // The network goes down once the first group is saved.
    const flaky = {
      graphql: (q: string, v?: Record<string, unknown>) => (checkpoints > 0 ? Promise.reject(new Error('network down')) : real(q, v)),
    };
    await assert.rejects(
      runReport({
        client: flaky,
        pairs,
        label: 'mentoring',
        settings: DEFAULT_DRIFT,
        now,
        checkpoint: (c) => {
          checkpoints++;
          saved = structuredClone(c);
          return Promise.resolve();
        },
      }),
      /network down/,
    );
    assert.ok(checkpoints >= 1 && saved?.run, 'the first group was saved with the run in progress');
    const done = saved.run.done.length;
    assert.ok(done > 0 && done < pairs.length);
    const lines: string[] = [];
    const resumed = await runReport({ client: client(), pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now, cursor: saved, log: (l) => lines.push(l) });
    assert.match(lines[0], new RegExp(`resuming .*: ${done} of ${pairs.length} pairs already done`));
    assert.equal(resumed.pairs.reduce((n, p) => n + p.events, 0) >= seed.events, true);
    assert.equal(resumed.cursor.run, undefined, 'a finished run leaves no run in the cursor');
  });
});

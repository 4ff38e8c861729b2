// The report's command line against the sandbox: one run writes Markdown, JSON and HTML; a sharded run
// merged gives the same figures; an unchanged re-run with the cursor costs its discovery only; damaged
// shard files are named; and the bundled dist/report.cjs runs as a program lead would run it.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { PairFigures } from '../../../src/core/report/figures';
import type { Report } from '../../../src/core/report/shards';
import { main } from '../../../src/report/cli';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { seedProgram, type ProgramSeed } from '../../sandbox/programSeed';

const repo = path.resolve(import.meta.dirname, '../../..');
const HOSTILE = '<img src=x onerror=alert(1)>|[x](javascript:alert(1))';

describe('report/cli', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let seed: ProgramSeed;
  let dir: string;
  const now = Date.now();

  before(async () => {
    sandbox = await createSandbox();
    seed = seedProgram(sandbox, { pairs: 30, exchangesPerPair: 4, now });
    sandbox.state.addUser('lead');
    // A lesson whose topic is hostile text, recorded by its learner.
    const [a, b] = seed.pairs[0];
    const issue = [...sandbox.state.repo(a, 'exchanges')!.issues.values()][0];
    const t = new Date(now - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const marker = JSON.stringify({ v: 1, kind: 'lesson', id: '6f1c2a3b-1111-4222-8333-944445555666', learner: a, teacher: b, topic: HOSTILE });
    issue.comments.push({
      id: sandbox.state.id(),
      issue,
      user: sandbox.state.user(a)!,
      body: `Learned.\n\n<!-- mutual-mentor ${marker} -->`,
      createdAt: t,
      updatedAt: t,
    });
    issue.updatedAt = t;
    dir = mkdtempSync(path.join(os.tmpdir(), 'mm-report-'));
    // The program's list: every seeded pair but the last, and one bad entry.
    writeFileSync(path.join(dir, 'pairs.json'), JSON.stringify([...seed.pairs.slice(0, -1), ['lead', 'not a login']]));
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const env = { GITHUB_TOKEN: sandbox.users().lead, GITHUB_API_URL: sandbox.url };
    const code = await main(args, { env, out: (l) => out.push(l), err: (l) => err.push(l), now: () => now, spaceQueries: false });
    return { code, out, err };
  }
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const points = () => sandbox.accounting.userStats('lead').graphqlPoints;
  const totals = (p: PairFigures) => [p.aToB.lessons, p.aToB.help, p.bToA.lessons, p.bToA.help];

  it('writes the report as Markdown, JSON and a self-contained HTML page, for the listed pairs only', async () => {
    const { code, out } = await cli('--pairs', path.join(dir, 'pairs.json'), '--out', path.join(dir, 'one'), '--cursor', path.join(dir, 'cursor.json'));
    assert.equal(code, 0);
    assert.match(out.join('\n'), /^estimate: 1 discovery query/m);
    const report = JSON.parse(read('one/mentoring-report.json')) as Report;
    assert.equal(report.pairs.length, seed.pairs.length - 1, 'the unlisted pair is not in the report');
    for (const p of report.pairs.slice(1)) {
      const want = seed.expected.get(`${p.a}+${p.b}`)!;
      assert.deepEqual(totals(p), [want.aToB.lessons, want.aToB.help, want.bToA.lessons, want.bToA.help]);
    }
    assert.match(report.warnings.join('\n'), /pairs entry 30: .* are not both GitHub logins/);
    assert.ok(!JSON.stringify(report).includes('Learned.'), 'no message body in the report');

    const md = read('one/mentoring-report.md');
    assert.match(md, /^## Mentoring program report/);
    assert.match(md, new RegExp(`\\| @${seed.pairs[1][0]} ↔ @${seed.pairs[1][1]} \\|`));
    assert.ok(!md.includes('<img') && !md.includes('](javascript'), 'the hostile topic is escaped in Markdown');

    const html = read('one/mentoring-report.html');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.ok(!/<script|\bsrc=["']?http|<link/i.test(html), 'nothing loaded, nothing run');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the hostile topic is text');
    assert.match(html, /<svg role="img" aria-label="Lessons and help per month"/);
  });

  it('re-runs unchanged from the cursor for its discovery query only', async () => {
    const before = points();
    const { code, out } = await cli('--pairs', path.join(dir, 'pairs.json'), '--out', path.join(dir, 'again'), '--cursor', path.join(dir, 'cursor.json'));
    assert.equal(code, 0);
    assert.equal(points() - before, 1, '29 pairs: one discovery query, nothing re-read');
    assert.match(out.join('\n'), /spent 1 GraphQL points in 1 queries \(estimated 1\)/);
    const one = JSON.parse(read('one/mentoring-report.json')) as Report;
    const again = JSON.parse(read('again/mentoring-report.json')) as Report;
    assert.deepEqual(again.pairs, one.pairs);
  });

  it('runs in shards and merges them into the same figures; a missing or corrupt shard is named', async () => {
    for (const i of [1, 2, 3]) {
      const { code } = await cli('--pairs', path.join(dir, 'pairs.json'), '--shard', `${i}/3`, '--out', path.join(dir, 'shards', `s${i}`));
      assert.equal(code, 0);
    }
    const merged = await cli('--merge', path.join(dir, 'shards'), '--out', path.join(dir, 'merged'), '--format', 'json,md');
    assert.equal(merged.code, 0);
    const one = JSON.parse(read('one/mentoring-report.json')) as Report;
    const all = JSON.parse(read('merged/mentoring-report.json')) as Report;
    assert.deepEqual(all.pairs, one.pairs);
    assert.deepEqual(all.program, one.program);
    assert.deepEqual(all.shards, { count: 3, missing: [] });

    rmSync(path.join(dir, 'shards', 's2'), { recursive: true });
    writeFileSync(path.join(dir, 'shards', 'corrupt.json'), '{"kind":"mutual-mentor-report-shard", "version": 1, "shard": {');
    const partial = await cli('--merge', path.join(dir, 'shards'), '--out', path.join(dir, 'partial'), '--format', 'md');
    assert.equal(partial.code, 1, 'a missing shard fails the merge job');
    const md = read('partial/mentoring-report.md');
    assert.match(md, /missing: 2/);
    assert.match(md, /corrupt\\\.json: not a Mutual Mentor report shard/);
  });

  it('refuses what it cannot run with a usage line', async () => {
    assert.equal((await cli('--out', dir)).code, 2);
    assert.equal((await cli('--pairs', 'x', '--out', dir, '--shard', '4/3')).code, 2);
    assert.equal((await cli('--pairs', 'x', '--out', dir, '--format', 'pdf')).code, 2);
    assert.equal((await cli('--pairs', 'x', '--out', dir, '--org', 'not an org')).code, 2);
  });

  it('runs as the bundled dist/report.cjs, spacing its queries as GitHub asks', async () => {
    const bundle = path.join(dir, 'report.cjs');
    await esbuild.build({
      entryPoints: [path.join(repo, 'src/report/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
    writeFileSync(path.join(dir, 'two.json'), JSON.stringify(seed.pairs.slice(0, 2)));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bundle, '--pairs', path.join(dir, 'two.json'), '--out', path.join(dir, 'bin'), '--format', 'json'],
      {
        env: { ...process.env, GITHUB_TOKEN: sandbox.users().lead, GITHUB_API_URL: sandbox.url },
      },
    );
    assert.match(stdout, /wrote .*mentoring-report\.json/);
    const report = JSON.parse(read('bin/mentoring-report.json')) as Report;
    assert.equal(report.pairs.length, 2);
  });
});

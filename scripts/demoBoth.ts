// `npm run demo -- --both`: two real VS Codes (code-server), one for ada and one for grace, against one
// GitHub sandbox with no scripted partner, so one person can play both sides of a pair. Each has her
// own profile, token and workspace: ada a clone of ada/lru-cache on its pull request's branch, grace a
// clone of grace/type-kata. Prints both URLs; Ctrl-C stops everything.
// `--both --check`: instead runs the two-sided loop headless — the integration suite's two
// workbenches (test/integration/driver/pairRun.ts) — and prints as its last line one JSON object
// `{"pair":…,"ada":{taught,learned,helpGiven,helpReceived},"grace":{…}}`; exits 0 only when they mirror.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pairSuite } from '../test/integration/driver/pairRun';
import { seedDemo } from '../test/sandbox/demoSeed';
import { seedDefault } from '../test/sandbox/seed';
import { createSandbox } from '../test/sandbox/server';
import { remoteUri, startCodeServer, type CodeServer } from './lib/codeServer';

const git = promisify(execFile);

interface Side {
  readonly login: 'ada' | 'grace';
  readonly partner: 'ada' | 'grace';
  readonly name: string;
  readonly clone: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
}

const sides: readonly Side[] = [
  // Invitations to pair and asks with no pull request go to each side's own repository.
  {
    login: 'ada',
    partner: 'grace',
    name: 'Ada Lovelace',
    clone: ['--branch', 'feature/ttl', 'ada/lru-cache.git'],
    settings: { 'mutualMentor.exchangeRepository': 'ada/lru-cache' },
  },
  // type-kata has no pull request: grace's asks go to it as issues.
  { login: 'grace', partner: 'ada', name: 'Grace Hopper', clone: ['grace/type-kata.git'], settings: { 'mutualMentor.exchangeRepository': 'grace/type-kata' } },
];

/** `--both --check`: the two-workbench loop, headless; resolves with the exit code. */
async function check(repo: string, codeServerDir: string, demoDir: string): Promise<number> {
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js'), '--tests'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const runDir = path.join(demoDir, 'check');
  rmSync(runDir, { recursive: true, force: true }); // a new sandbox and fresh clones every time
  const outcome = await pairSuite({
    codeServerDir,
    repo,
    resultsDir: path.join(repo, 'test-results', 'demo', 'both'),
    runDir,
    timeoutMs: 900_000,
  });
  const ok = outcome.run.result !== undefined && outcome.run.result.failures === 0;
  console.log(`demo check: screenshots of both windows in test-results/demo/both/{ada,grace}/screenshots/`);
  console.log(JSON.stringify({ pair: outcome.pair ?? 'unknown', ada: outcome.figures.ada ?? null, grace: outcome.figures.grace ?? null }));
  return ok ? 0 : 1;
}

export async function demoBoth(repo: string, codeServerDir: string, demoDir: string, argv: readonly string[]): Promise<number | undefined> {
  if (argv.includes('--check')) return check(repo, codeServerDir, demoDir);
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js')], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(demoDir, { recursive: true });
  const sandbox = await createSandbox({ dataDir: path.join(demoDir, 'sandbox') });
  await seedDefault(sandbox);
  await seedDemo(sandbox, { partner: false });
  const tokens = sandbox.users();
  const servers: CodeServer[] = [];
  const urls: string[] = [];
  for (const side of sides) {
    const workspace = path.join(demoDir, side.login, 'workspace');
    const clone = side.clone.map((a) => (a.endsWith('.git') ? `${sandbox.url}/${a}` : a));
    await git('git', ['clone', '--quiet', ...clone, workspace]);
    await git('git', ['config', 'user.name', side.name], { cwd: workspace });
    await git('git', ['config', 'user.email', `${side.login}@users.noreply.sandbox.local`], { cwd: workspace });
    await git(
      'git',
      ['config', `http.${sandbox.url}/.extraheader`, `Authorization: Basic ${Buffer.from(`${side.login}:${tokens[side.login]}`).toString('base64')}`],
      {
        cwd: workspace,
      },
    );
    const server = await startCodeServer({
      codeServerDir,
      runDir: path.join(demoDir, side.login, 'run'),
      workspace,
      settings: { 'mutualMentor.github.apiUrl': `${sandbox.url}/api/v3`, ...side.settings },
      env: { MUTUAL_MENTOR_GITHUB_TOKEN: tokens[side.login] },
    });
    servers.push(server);
    urls.push(
      server.workbenchUrl([
        ['extensionDevelopmentPath', remoteUri(server, repo)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ]),
    );
  }
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await sandbox.close();
  };
  const onSignal = () => {
    console.log('\nStopping the demo (both VS Codes and the GitHub sandbox)…');
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  console.log(`\nMutual Mentor demo, both sides — two VS Codes (code-server) and the GitHub sandbox at ${sandbox.url}; nobody is scripted.`);
  sides.forEach((side, i) =>
    console.log(`\n  @${side.login} (workspace ${path.relative(repo, path.join(demoDir, side.login, 'workspace'))}):\n    ${urls[i]}`),
  );
  console.log('\nOpen each URL in its own browser window. Pair from one side (Mutual Mentor: Pair with Partner…), then ask, answer and learn from both.');
  console.log('Press Ctrl-C to stop.');
  return undefined;
}

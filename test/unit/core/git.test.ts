import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readGitContext, readLocalEdits, repoPath } from '../../../src/core/git/context';
import { describeLocalEdits, hunkHolding, hunksInRange, mapRangeToHead, parseHunks } from '../../../src/core/git/diff';
import { apiUrlForRemote, parseRemoteUrl, remoteInfo, webUrlForRemote } from '../../../src/core/git/remote';
import { startHarness, type Harness } from '../sandbox/harness';

const exec = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout.trim();
const lines = (n: number, change: Record<number, string | null> = {}) =>
  Array.from({ length: n }, (_, i) => (i + 1 in change ? change[i + 1] : `line ${i + 1}`))
    .filter((l) => l !== null)
    .join('\n') + '\n';

describe('core/git/remote', () => {
  it('reads https, http, ssh and scp-like remotes, dropping credentials', () => {
    assert.deepEqual(parseRemoteUrl('https://github.com/ada/lru-cache.git'), { scheme: 'https', host: 'github.com', owner: 'ada', name: 'lru-cache' });
    assert.deepEqual(parseRemoteUrl('https://ada:ghp_secret@GitHub.com/ada/lru-cache/'), {
      scheme: 'https',
      host: 'github.com',
      owner: 'ada',
      name: 'lru-cache',
    });
    assert.deepEqual(parseRemoteUrl('http://ada:tok@127.0.0.1:3000/ada/sample.git'), { scheme: 'http', host: '127.0.0.1:3000', owner: 'ada', name: 'sample' });
    assert.deepEqual(parseRemoteUrl('git@github.com:ada/lru-cache.git'), { scheme: 'ssh', host: 'github.com', owner: 'ada', name: 'lru-cache' });
    assert.deepEqual(parseRemoteUrl('ghe.example.com:team/tool'), { scheme: 'ssh', host: 'ghe.example.com', owner: 'team', name: 'tool' });
    assert.deepEqual(parseRemoteUrl('ssh://git@ghe.example.com:2222/team/tool.git'), { scheme: 'ssh', host: 'ghe.example.com', owner: 'team', name: 'tool' });
    assert.deepEqual(parseRemoteUrl('git+ssh://git@github.com/ada/x.y.git'), { scheme: 'ssh', host: 'github.com', owner: 'ada', name: 'x.y' });
    for (const bad of ['/srv/git/repo.git', 'file:///srv/repo.git', 'C:\\repos\\x', 'https://github.com/ada', 'https://ghe.example.com/a/b/c', 'ftp://h/a/b']) {
      assert.equal(parseRemoteUrl(bad), undefined, bad);
    }
  });

  it('puts github.com at api.github.com and any other host at the GitHub Enterprise layout', () => {
    const at = (url: string) => {
      const r = parseRemoteUrl(url)!;
      return [webUrlForRemote(r), apiUrlForRemote(r)];
    };
    assert.deepEqual(at('git@github.com:ada/x.git'), ['https://github.com', 'https://api.github.com']);
    assert.deepEqual(at('ssh://git@ssh.github.com:443/ada/x.git'), ['https://github.com', 'https://api.github.com']);
    assert.deepEqual(at('git@ghe.example.com:team/tool.git'), ['https://ghe.example.com', 'https://ghe.example.com/api/v3']);
    assert.deepEqual(at('https://ghe.example.com:8443/team/tool'), ['https://ghe.example.com:8443', 'https://ghe.example.com:8443/api/v3']);
    assert.deepEqual(at('http://127.0.0.1:3000/ada/sample.git'), ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/api/v3']);
    assert.deepEqual(remoteInfo('origin', 'https://x:secret@github.com/ada/x.git'), {
      remote: 'origin',
      repo: { host: 'github.com', owner: 'ada', name: 'x' },
      webUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
    });
  });
});

describe('core/git/diff', () => {
  const zeroContext = [
    'diff --git a/f b/f',
    '--- a/f',
    '+++ b/f',
    '@@ -2,0 +3,2 @@ fn',
    '+new a',
    '+new b', // two lines inserted after old line 2
    '@@ -10,2 +12 @@',
    '-old 10',
    '-old 11',
    '+changed', // old 10-11 replaced by new 12
    '@@ -20,3 +20,0 @@',
    '-x',
    '-y',
    '-z', // old 20-22 removed after new line 20
  ].join('\n');

  it('parses hunk headers, with omitted counts meaning 1', () => {
    assert.deepEqual(parseHunks(zeroContext), [
      { oldStart: 2, oldLines: 0, newStart: 3, newLines: 2 },
      { oldStart: 10, oldLines: 2, newStart: 12, newLines: 1 },
      { oldStart: 20, oldLines: 3, newStart: 20, newLines: 0 },
    ]);
  });

  it('finds the uncommitted hunks inside a selection, removals between its lines included', () => {
    const hunks = parseHunks(zeroContext);
    assert.deepEqual(hunksInRange(hunks, { startLine: 1, endLine: 2 }), []);
    assert.deepEqual(
      hunksInRange(hunks, { startLine: 4, endLine: 6 }).map((h) => h.newStart),
      [3],
    );
    assert.deepEqual(hunksInRange(hunks, { startLine: 5, endLine: 11 }), []);
    assert.deepEqual(
      hunksInRange(hunks, { startLine: 19, endLine: 21 }).map((h) => h.newStart),
      [20],
    );
    assert.deepEqual(hunksInRange(hunks, { startLine: 20, endLine: 20 }), [], 'a removal after the last selected line is outside');
  });

  it('maps working-copy lines back to HEAD', () => {
    const hunks = parseHunks(zeroContext);
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 1, endLine: 2 }), { startLine: 1, endLine: 2 });
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 6, endLine: 8 }), { startLine: 4, endLine: 6 }, 'shifted by the insertion');
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 3, endLine: 4 }), undefined, 'only inserted lines');
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 2, endLine: 4 }), { startLine: 2, endLine: 2 });
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 12, endLine: 12 }), { startLine: 10, endLine: 11 }, 'a changed line maps to what it replaced');
    assert.deepEqual(mapRangeToHead(hunks, { startLine: 19, endLine: 22 }), { startLine: 18, endLine: 24 }, 'removed lines inside the selection');
  });

  it('finds the pull request hunk whose RIGHT side holds a whole range', () => {
    const patch = '@@ -1,7 +1,8 @@\n a\n+b\n c\n@@ -40,6 +41,9 @@ class X\n d';
    const hunks = parseHunks(patch);
    assert.equal(hunkHolding(hunks, { startLine: 2, endLine: 8 })?.newStart, 1);
    assert.equal(hunkHolding(hunks, { startLine: 41, endLine: 49 })?.newStart, 41);
    assert.equal(hunkHolding(hunks, { startLine: 8, endLine: 41 }), undefined, 'across hunks');
    assert.equal(hunkHolding(hunks, { startLine: 20, endLine: 20 }), undefined, 'between hunks');
    assert.equal(hunkHolding(parseHunks('@@ -1,3 +0,0 @@\n-a\n-b\n-c'), { startLine: 1, endLine: 1 }), undefined, 'a removed file has no RIGHT side');
  });
});

describe('core/git/context on a real clone of the sandbox', () => {
  let h: Harness;
  let work: string;
  let clone: string;

  before(async function () {
    this.timeout(30_000);
    h = await startHarness();
    work = await mkdtemp(path.join(os.tmpdir(), 'mm-git-'));
    const remote = `http://ada:${h.sandbox.users().ada}@${h.sandbox.url.slice('http://'.length)}/ada/sample.git`;
    await git(work, 'clone', '--quiet', remote, 'sample');
    clone = path.join(work, 'sample');
    await git(clone, 'config', 'user.name', 'Ada');
    await git(clone, 'config', 'user.email', 'ada@example.com');
  });
  after(async () => {
    await h.close();
    await rm(work, { recursive: true, force: true });
  });

  it('reads branch, HEAD, the remote repository and its API host, without the token', async () => {
    const ctx = await readGitContext(path.join(clone, 'src'));
    assert.ok(ctx);
    assert.equal(ctx.branch, 'main');
    assert.equal(ctx.remoteBranch, 'main');
    assert.equal(ctx.head, await git(clone, 'rev-parse', 'HEAD'));
    assert.equal(ctx.headPushed, true);
    const host = h.sandbox.url.slice('http://'.length);
    assert.deepEqual(ctx.remote, { remote: 'origin', repo: { host, owner: 'ada', name: 'sample' }, webUrl: h.sandbox.url, apiUrl: `${h.sandbox.url}/api/v3` });
    assert.ok(!JSON.stringify(ctx).includes(h.sandbox.users().ada), 'the token in the remote URL is not kept');
    assert.equal(await repoPath(ctx.root, path.join(clone, 'src', 'math.ts')), 'src/math.ts');
    await assert.rejects(repoPath(ctx.root, work), /not inside the repository/);
  });

  it('tells a pushed HEAD from a local commit, and follows the upstream branch name', async function () {
    this.timeout(30_000);
    await git(clone, 'checkout', '--quiet', '-b', 'local-name');
    await writeFile(path.join(clone, 'NOTES.md'), 'notes\n');
    await git(clone, 'add', 'NOTES.md');
    await git(clone, 'commit', '--quiet', '-m', 'notes');
    let ctx = await readGitContext(clone);
    assert.equal(ctx?.branch, 'local-name');
    assert.equal(ctx?.headPushed, false);
    await git(clone, 'push', '--quiet', '-u', 'origin', 'local-name:remote-name');
    ctx = await readGitContext(clone);
    assert.equal(ctx?.headPushed, true);
    assert.equal(ctx?.remoteBranch, 'remote-name');
    await git(clone, 'checkout', '--quiet', '--detach');
    ctx = await readGitContext(clone);
    assert.equal(ctx?.branch, undefined, 'detached');
    assert.equal(ctx?.headPushed, true);
    await git(clone, 'checkout', '--quiet', 'main');
  });

  it('reports uncommitted edits inside a selection and where its lines are at HEAD', async () => {
    const file = path.join(clone, 'long.txt');
    await writeFile(file, lines(30));
    await git(clone, 'add', 'long.txt');
    await git(clone, 'commit', '--quiet', '-m', 'long');
    const clean = await readLocalEdits(clone, 'long.txt', { startLine: 5, endLine: 8 });
    assert.deepEqual(clean, { state: 'clean', hunks: [], headRange: { startLine: 5, endLine: 8 } });
    assert.equal(describeLocalEdits(clean, 'long.txt'), undefined);

    // Two lines inserted above the selection, line 12 changed inside it.
    await writeFile(file, lines(30, { 2: 'line 2\nnew A\nnew B', 12: 'line twelve' }));
    const above = await readLocalEdits(clone, 'long.txt', { startLine: 7, endLine: 10 });
    assert.deepEqual(above, { state: 'clean', hunks: [], headRange: { startLine: 5, endLine: 8 } }, 'shifted lines are not edits');
    const edited = await readLocalEdits(clone, 'long.txt', { startLine: 12, endLine: 15 });
    assert.equal(edited.state, 'edited');
    assert.deepEqual(edited.hunks, [{ oldStart: 12, oldLines: 1, newStart: 14, newLines: 1 }]);
    assert.deepEqual(edited.headRange, { startLine: 10, endLine: 13 });
    assert.equal(
      describeLocalEdits(edited, 'long.txt'),
      'Uncommitted changes in line 14 of long.txt: your local version will be quoted; the ask points at the committed lines 10–13.',
    );

    await writeFile(path.join(clone, 'scratch.ts'), 'let x = 1;\n');
    const untracked = await readLocalEdits(clone, 'scratch.ts', { startLine: 1, endLine: 1 });
    assert.deepEqual(untracked, { state: 'untracked', hunks: [] });
    assert.match(describeLocalEdits(untracked, 'scratch.ts') ?? '', /not committed yet/);
    await git(clone, 'add', 'scratch.ts');
    const staged = await readLocalEdits(clone, 'scratch.ts', { startLine: 1, endLine: 1 });
    assert.equal(staged.state, 'edited');
    assert.equal(staged.headRange, undefined, 'a file added to the index only has no lines at HEAD');
  });

  it('is undefined outside a git work tree', async () => {
    assert.equal(await readGitContext(os.tmpdir()), undefined);
  });
});

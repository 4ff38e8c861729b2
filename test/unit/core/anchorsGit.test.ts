import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveWithGit } from '../../../src/core/anchors/resolve';
import type { AnchorInput } from '../../../src/core/anchors/types';
import { hunksSince, pathNow, textAtCommit } from '../../../src/core/git/renames';
import { gitEnv } from '../../support/gitRepo';

const exec = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env: gitEnv })).stdout.trim();

const FN = ['function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price * item.count;', '  return sum;', '}'];
const filler = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `export const ${tag}${i} = compute${tag}(${i}, '${tag}');`);
const HEAD = filler('head', 10);
const TAIL = filler('tail', 10);
const text = (lines: readonly string[]) => lines.join('\n') + '\n';

describe('core/anchors/resolveWithGit on a real repository', () => {
  let repo: string;
  let anchor: AnchorInput;
  const file = (name: string) => path.join(repo, name);
  const commitAll = async (message: string) => {
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '--quiet', '-m', message);
  };

  before(async function () {
    this.timeout(20_000);
    repo = await mkdtemp(path.join(os.tmpdir(), 'mm-anchors-'));
    await git(repo, 'init', '--quiet', '-b', 'main');
    await mkdir(file('src'));
    await writeFile(file('src/cart.js'), text([...HEAD, '', ...FN, '', ...TAIL]));
    await commitAll('cart');
    const commit = await git(repo, 'rev-parse', 'HEAD');
    anchor = {
      id: 'ask-1',
      path: 'src/cart.js',
      commit,
      startLine: 12,
      endLine: 16,
      snippet: FN.join('\n'),
      before: HEAD.slice(-2).concat(''),
      after: ['', ...TAIL.slice(0, 2)],
    };
  });
  after(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('never hands git anything but a commit id (an option in a damaged anchor goes nowhere)', async () => {
    const out = path.join(repo, 'written-by-git.txt');
    for (const bad of [`--output=${out}`, '-p', 'HEAD~1']) {
      assert.equal(await textAtCommit(repo, bad, 'src/a.ts'), undefined, bad);
      assert.equal(await pathNow(repo, bad, 'gone.ts'), undefined, bad);
      assert.equal(await hunksSince(repo, bad, 'src/a.ts'), undefined, bad);
    }
    await assert.rejects(readFile(out), 'git wrote no file');
  });

  it('is exact at the commit, and moved after uncommitted lines above it', async () => {
    assert.deepEqual(await resolveWithGit(repo, anchor, await readFile(file('src/cart.js'), 'utf8')), {
      id: 'ask-1',
      status: 'exact',
      path: 'src/cart.js',
      startLine: 12,
      endLine: 16,
      confidence: 1,
    });
    const now = text(['// header', '// more', ...HEAD, '', ...FN, '', ...TAIL]);
    await writeFile(file('src/cart.js'), now);
    assert.deepEqual(await resolveWithGit(repo, anchor, now), { id: 'ask-1', status: 'moved', path: 'src/cart.js', startLine: 14, endLine: 18, confidence: 1 });
  });

  it('follows the function moved in a later commit', async () => {
    await commitAll('header');
    const now = text([...HEAD, '', ...TAIL, '', ...FN]);
    await writeFile(file('src/cart.js'), now);
    await commitAll('move total to the end');
    const place = await resolveWithGit(repo, anchor, now);
    assert.deepEqual(place, { id: 'ask-1', status: 'moved', path: 'src/cart.js', startLine: 23, endLine: 27, confidence: 1 });
  });

  it('follows the file through git mv to its new path, and an unsaved edit inside as changed', async () => {
    await git(repo, 'mv', 'src/cart.js', 'src/basket.js');
    await commitAll('rename');
    assert.equal(await pathNow(repo, anchor.commit!, 'src/cart.js'), 'src/basket.js');
    const saved = await readFile(file('src/basket.js'), 'utf8');
    assert.deepEqual(await resolveWithGit(repo, anchor, saved), {
      id: 'ask-1',
      status: 'moved',
      path: 'src/basket.js',
      startLine: 23,
      endLine: 27,
      confidence: 1,
    });
    const unsaved = saved.replace('item.price * item.count', 'item.price * item.quantity');
    const place = await resolveWithGit(repo, anchor, unsaved);
    assert.equal(place.status, 'changed');
    assert.equal(place.path, 'src/basket.js');
    assert.deepEqual([place.startLine, place.endLine], [23, 27]);
    assert.ok(place.confidence! < 1);
  });

  it('is lost once the function is deleted', async () => {
    const now = text([...HEAD, '', ...TAIL]);
    await writeFile(file('src/basket.js'), now);
    await commitAll('drop total');
    assert.deepEqual(await resolveWithGit(repo, anchor, now), { id: 'ask-1', status: 'lost', path: 'src/basket.js' });
  });

  it('falls back to the fuzzy search when this clone does not know the commit', async () => {
    const now = text(['// new', ...HEAD, '', ...FN, '', ...TAIL]);
    const unknown = { ...anchor, commit: 'feedface'.repeat(5) };
    assert.deepEqual(await resolveWithGit(repo, unknown, now), {
      id: 'ask-1',
      status: 'moved',
      path: 'src/cart.js',
      startLine: 13,
      endLine: 17,
      confidence: 1,
    });
    assert.equal((await resolveWithGit(repo, unknown, text([...HEAD, ...TAIL]))).status, 'lost');
  });
});

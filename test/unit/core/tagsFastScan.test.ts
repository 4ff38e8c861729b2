import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acceptPaths, scanFoldersWith } from '../../../src/core/tags/fastScan';
import { scanFolders } from '../../../src/core/tags/scan';

/** A ripgrep to test with: the system's, else VS Code's under the code-server build. */
const ripgrep = [
  '/usr/bin/rg',
  path.join(os.homedir(), '.cache/mutual-mentor/code-server-4.100.3/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg'),
].find((p) => existsSync(p));

describe('core/tags/fastScan', () => {
  let root: string;
  const write = (relative: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  };
  const rel = (files: readonly { path: string }[]) => files.map((f) => path.relative(root, f.path).split(path.sep).join('/')).sort();
  /** An executable standing in for ripgrep that prints what it is given. */
  const fake = (script: string) => {
    const file = path.join(root, '..', `${path.basename(root)}-fake-rg.sh`);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'mm-fastscan-'));
    write('src/a.ts', '// ASK: a?\n');
    write('src/b.py', '# ask(@bob): b?\n');
    write('src/none.ts', 'const task = 1; // asks nothing\n');
    write('src/.hidden/h.ts', '// ASK: hidden?\n');
    write('node_modules/x/index.js', '// ASK: dependency?\n');
    write('dist/out.js', '// ASK: bundle?\n');
    write('vendor/lib.js', '// ASK: vendored?\n');
    write('web/app.min.js', '// ASK: minified?\n');
    write('src/blob.bin', Buffer.concat([Buffer.from('// ASK: binary?\n'), Buffer.from([0, 1, 2])]));
    write('.gitignore', 'src/b.py\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}-fake-rg.sh`, { force: true });
  });

  const exclude = ['**/vendor/**', '*.min.js'];
  const expected = ['src/.hidden/h.ts', 'src/a.ts', 'src/b.py'];

  it('finds with ripgrep what the walk finds (skipped folders, excludes, ignored and hidden files alike)', async function () {
    if (!ripgrep) this.skip();
    const walk = await scanFolders([root], { exclude });
    assert.deepEqual(rel(walk.files), expected);
    const fast = await scanFoldersWith([root], { ripgrep }, { exclude });
    assert.deepEqual(fast.via, ['ripgrep']);
    assert.deepEqual(rel(fast.files), expected);
    const tags = (files: typeof walk.files) => files.map((f) => `${path.basename(f.path)}: ${f.tags.map((t) => t.question).join()}`).sort();
    assert.deepEqual(tags(fast.files), tags(walk.files));
  });

  it('finds with git grep what the walk finds, in a repository', async () => {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'src/a.ts'], { cwd: root });
    const fast = await scanFoldersWith([root], { gitGrep: true }, { exclude });
    assert.deepEqual(fast.via, ['git grep']);
    assert.deepEqual(rel(fast.files), expected);
  });

  it('falls back to git grep, then to the walk, when a searcher fails', async () => {
    const broken = fake('exit 2');
    const viaWalk = await scanFoldersWith([root], { ripgrep: broken }, { exclude });
    assert.deepEqual(viaWalk.via, ['walk']);
    assert.deepEqual(rel(viaWalk.files), expected);
    const relative = await scanFoldersWith([root], { ripgrep: 'rg' }, { exclude }); // never a PATH lookup
    assert.deepEqual(relative.via, ['walk']);
    execFileSync('git', ['init', '-q'], { cwd: root });
    assert.deepEqual((await scanFoldersWith([root], { ripgrep: broken, gitGrep: true }, { exclude })).via, ['git grep']);
  });

  it('drops paths outside the folder from hostile output, and caps what it takes', async () => {
    const hostile = fake(`printf '../../etc/passwd\\0/etc/passwd\\0./src/../../x\\0src/a.ts\\0C:\\\\w\\0./src/b.py\\0node_modules/x/index.js\\0'`);
    const result = await scanFoldersWith([root], { ripgrep: hostile }, { exclude });
    assert.deepEqual(result.via, ['ripgrep']);
    assert.deepEqual(rel(result.files), ['src/a.ts', 'src/b.py']);
    const many = Array.from({ length: 100 }, (_, i) => `f${i}.ts`).join('\0');
    const capped = acceptPaths(root, many, () => true, 10);
    assert.equal(capped.files.length, 10);
    assert.equal(capped.truncated, true);
    const flood = fake(`i=0; while [ $i -lt 5000 ]; do printf 'f%d.ts\\0' $i; i=$((i+1)); done`);
    const cut = await scanFoldersWith([root], { ripgrep: flood }, { maxFiles: 100 });
    assert.equal(cut.truncated, true);
    assert.ok(cut.scanned <= 100, `${cut.scanned} files read`);
  });
});

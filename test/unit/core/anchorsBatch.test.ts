import { strict as assert } from 'node:assert';
import { AnchorResolver } from '../../../src/core/anchors/batch';
import { composeHunks } from '../../../src/core/anchors/compose';
import { diffLines } from '../../../src/core/anchors/lineDiff';
import { mapRange } from '../../../src/core/anchors/map';
import type { AnchorInput } from '../../../src/core/anchors/types';
import { parseBlobs, parseFileDiffs, parseNameStatus, unquotePath } from '../../../src/core/git/diffParse';
import { Lru } from '../../../src/core/lru';
import { random } from '../../../bench/random';
import { GitRepo } from '../../support/gitRepo';

const fn = (name: string, body = 'return a + b;') => [`function ${name}(a, b) {`, `  const ${name}Value = compute('${name}', a);`, `  ${body}`, '}'];
const text = (lines: readonly string[]) => lines.join('\n') + '\n';
const filler = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `export const ${tag}${i} = make${tag}(${i});`);

describe('core/anchors/compose', () => {
  it('chains two diffs into the one a direct diff maps the same way', () => {
    const rnd = random(3);
    for (let round = 0; round < 300; round++) {
      const edit = (lines: string[]) => {
        const out = [...lines];
        for (let e = 0; e < 1 + Math.floor(rnd() * 4); e++) {
          const at = Math.floor(rnd() * (out.length + 1));
          const r = rnd();
          if (r < 0.4) out.splice(at, 0, `new ${round}.${e}`);
          else if (r < 0.7) out.splice(at, 1 + Math.floor(rnd() * 3));
          else if (at < out.length) out[at] = `${out[at]} edited ${e}`;
        }
        return out;
      };
      const old = Array.from({ length: 5 + Math.floor(rnd() * 30) }, (_, i) => `line ${i}`);
      const mid = edit(old);
      const now = edit(mid);
      const hunks = composeHunks(diffLines(old, mid), diffLines(mid, now));
      // Every old line outside the hunks lands on the same text; the hunks are in order.
      for (let l = 1; l <= old.length; l++) {
        const m = mapRange(hunks, l, l);
        if (m && !m.touched) assert.equal(now[m.startLine - 1], old[l - 1], `round ${round}, line ${l}`);
      }
      let shift = 0;
      for (const h of hunks) shift += h.newLines - h.oldLines;
      assert.equal(old.length + shift, now.length, `round ${round}: the hunks account for every line`);
    }
  });

  it('keeps either diff alone when the other is empty', () => {
    const h = [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 2 }];
    assert.deepEqual(composeHunks(h, []), h);
    assert.deepEqual(composeHunks([], h), h);
  });
});

describe('core/git/diffParse', () => {
  it('reads name-status lists with renames, multi-file diffs by counted lines, and cat-file batches', () => {
    assert.deepEqual(parseNameStatus('M\0a.ts\0R087\0old.ts\0new dir/x.ts\0D\0gone.ts\0'), [
      { status: 'M', from: 'a.ts', to: 'a.ts' },
      { status: 'R', from: 'old.ts', to: 'new dir/x.ts' },
      { status: 'D', from: 'gone.ts', to: 'gone.ts' },
    ]);
    const diff = [
      'diff --git a/a.ts b/a.ts',
      'index 1..2 100644',
      '--- a/a.ts',
      '+++ b/a.ts',
      '@@ -2 +2,2 @@',
      '-old',
      '+++ b/not-a-header.ts',
      '+diff --git a/x b/x',
      'diff --git a/old.ts b/new dir/x.ts',
      'similarity index 90%',
      'rename from old.ts',
      'rename to new dir/x.ts',
      '--- a/old.ts',
      '+++ b/new dir/x.ts\t',
      '@@ -5,0 +6 @@',
      '+added',
      '\\ No newline at end of file',
      'diff --git "a/t\\tab" "b/t\\tab"',
      '--- "a/t\\tab"',
      '+++ "b/t\\tab"',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      '',
    ].join('\n');
    const files = parseFileDiffs(diff);
    assert.deepEqual([...files.keys()], ['a.ts', 'new dir/x.ts', 't\tab']);
    assert.deepEqual(files.get('a.ts')!.hunks, [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 2 }]);
    assert.equal(files.get('new dir/x.ts')!.old, 'old.ts');
    assert.equal(files.unreadable, undefined);
    assert.equal(unquotePath('"caf\\303\\251"'), 'café');
    const blobs = Buffer.concat([Buffer.from(`${'a'.repeat(40)} blob 6\ncafé\n\nHEAD:gone missing\n${'b'.repeat(40)} tree 3\nxyz\n`)]);
    assert.deepEqual(parseBlobs(blobs, 3), ['café\n', undefined, undefined]);
  });

  it('an LRU keeps the most recently used entries within its caps', () => {
    const lru = new Lru<string, string>(2, 10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    lru.get('a');
    lru.set('c', 'C', 4); // over both caps: b goes
    assert.deepEqual([lru.has('a'), lru.has('b'), lru.has('c')], [true, false, true]);
    lru.set('huge', 'H', 11);
    assert.equal(lru.has('huge'), false);
    assert.equal(lru.weight, 8);
  });
});

describe('core/anchors/AnchorResolver on a real repository', () => {
  let repo: GitRepo;
  before(async () => (repo = await GitRepo.create('mm-batch-')));
  after(async () => repo.dispose());

  it('resolves many asks with one git diff per commit pair, and none the second time', async function () {
    this.timeout(30_000);
    const files = ['a', 'b', 'c', 'd'].map((f) => ({ path: `src/${f}.js`, lines: [...filler(f, 10), '', ...fn(`${f}Sum`), '', ...filler(`${f}z`, 10)] }));
    for (const f of files) await repo.write(f.path, text(f.lines));
    const first = await repo.commit('first');
    const anchors: AnchorInput[] = files.map((f, i) => ({
      id: `ask-${i}`,
      path: f.path,
      commit: first,
      startLine: 12,
      endLine: 15,
      snippet: fn(`${f.path.slice(4, 5)}Sum`).join('\n'),
    }));
    // A second commit: lines above in a.js, b.js renamed, c.js's function edited; then an unsaved edit in d.js.
    await repo.write('src/a.js', text(['// one', '// two', ...files[0].lines]));
    await repo.git('mv', 'src/b.js', 'src/bee.js');
    await repo.write('src/c.js', text(files[2].lines.map((l) => l.replace('return a + b;', 'return a + b + 1;'))));
    const second = await repo.commit('second');
    anchors.push({ ...anchors[0], id: 'ask-new', commit: second, startLine: 14, endLine: 17 });
    const unsaved = text(['// unsaved', ...files[3].lines]);
    const textOf = (p: string) => (p === 'src/d.js' ? Promise.resolve(unsaved) : repo.textOf(p));
    const resolver = new AnchorResolver();
    const places = await resolver.resolveAll(repo.root, anchors, textOf);
    const brief = (id: string) => {
      const p = places.get(id)!;
      return [p.status, p.path, p.startLine, p.endLine];
    };
    assert.deepEqual(brief('ask-0'), ['moved', 'src/a.js', 14, 17]);
    assert.deepEqual(brief('ask-1'), ['exact', 'src/bee.js', 12, 15]);
    assert.deepEqual(brief('ask-2'), ['changed', 'src/c.js', 12, 15]);
    assert.deepEqual(brief('ask-3'), ['moved', 'src/d.js', 13, 16]);
    assert.deepEqual(brief('ask-new'), ['exact', 'src/a.js', 14, 17]);
    // batch-check, the pair's file list, its one diff, HEAD's texts.
    assert.equal(resolver.diffs.processes, 4);
    const again = await resolver.resolveAll(repo.root, anchors, textOf);
    assert.deepEqual(again, places);
    assert.equal(resolver.diffs.processes, 5, 'only the batch-check for HEAD runs again');
  });
});

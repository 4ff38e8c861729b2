import { strict as assert } from 'node:assert';
import { AnchorResolver } from '../../../src/core/anchors/batch';
import type { AnchorInput, AnchorPlace } from '../../../src/core/anchors/types';
import { GitRepo } from '../../support/gitRepo';

const text = (lines: readonly string[]) => lines.join('\n') + '\n';
const fn = (name: string, extra = '') => [
  `export function ${name}(items, options) {`,
  `  const limit = options.${name}Limit ?? 10;`,
  `  const picked = items.filter((item) => item.${name} !== undefined).slice(0, limit);`,
  `  return picked.map((item) => format${name}(item, options.locale));${extra}`,
  '}',
];
const PARSE = fn('parse');
const RENDER = fn('render');
const VALIDATE = fn('validate');
const header = ["import { helpers } from './helpers';", ''];

describe('core/anchors cross-file search on real repositories', () => {
  let repo: GitRepo;
  let first: string;
  const anchorOn = (id: string, lines: readonly string[], startLine: number, path = 'src/util.js'): AnchorInput => ({
    id,
    path,
    commit: first,
    startLine,
    endLine: startLine + lines.length - 1,
    snippet: lines.join('\n'),
  });
  const resolve = async (...anchors: AnchorInput[]) => new AnchorResolver().resolveAll(repo.root, anchors, repo.textOf);
  const brief = (p: AnchorPlace | undefined) => [p?.status, p?.path, p?.startLine, p?.endLine];

  beforeEach(async function () {
    this.timeout(20_000);
    repo = await GitRepo.create('mm-cross-');
    await repo.write('src/util.js', text([...header, ...PARSE, '', ...RENDER, '', ...VALIDATE]));
    await repo.write('src/other.js', text(['export const other = 1;']));
    first = await repo.commit('util');
  });
  afterEach(async () => repo.dispose());

  it('follows a file split into two: each function to the file it went to, as moved', async () => {
    await repo.remove('src/util.js');
    await repo.write('src/parse.js', text([...header, ...PARSE]));
    await repo.write('src/view.js', text(['// rendering and checks', ...header, ...RENDER, '', ...VALIDATE]));
    await repo.commit('split util.js');
    const places = await resolve(anchorOn('parse', PARSE, 3), anchorOn('render', RENDER, 9), anchorOn('validate', VALIDATE, 15));
    assert.deepEqual(brief(places.get('parse')), ['moved', 'src/parse.js', 3, 7]);
    assert.deepEqual(brief(places.get('render')), ['moved', 'src/view.js', 4, 8]);
    assert.deepEqual(brief(places.get('validate')), ['moved', 'src/view.js', 10, 14]);
  });

  it('follows a function moved to another file, edited on the way, while the rest of the file stays', async () => {
    await repo.write('src/util.js', text([...header, ...PARSE, '', ...VALIDATE]));
    await repo.write('src/other.js', text(['export const other = 1;', '', ...fn('render', ' // now with a locale')]));
    await repo.commit('move render');
    const places = await resolve(anchorOn('render', RENDER, 9), anchorOn('parse', PARSE, 3));
    const render = places.get('render');
    assert.deepEqual(brief(render), ['changed', 'src/other.js', 3, 7]);
    assert.ok(render!.confidence! >= 0.8 && render!.confidence! < 1);
    assert.deepEqual(brief(places.get('parse')), ['exact', 'src/util.js', 3, 7]);
  });

  it('finds a function moved out but not committed yet (an untracked file)', async () => {
    await repo.write('src/util.js', text([...header, ...PARSE, '', ...VALIDATE]));
    await repo.write('src/fresh.js', text([...header, ...RENDER]));
    const places = await resolve(anchorOn('render', RENDER, 9));
    assert.deepEqual(brief(places.get('render')), ['moved', 'src/fresh.js', 3, 7]);
  });

  it('keeps a deleted file lost, even with a look-alike function in a changed file', async () => {
    await repo.remove('src/util.js');
    await repo.write('src/other.js', text(['export const other = 1;', '', ...fn('renderAll')]));
    await repo.commit('drop util.js');
    const places = await resolve(anchorOn('render', RENDER, 9), anchorOn('parse', PARSE, 3));
    assert.deepEqual(brief(places.get('render')), ['lost', 'src/util.js', undefined, undefined]);
    assert.deepEqual(brief(places.get('parse')), ['lost', 'src/util.js', undefined, undefined]);
  });

  it('declines when the code was copied into two files', async () => {
    await repo.remove('src/util.js');
    await repo.write('src/a.js', text([...header, ...RENDER]));
    await repo.write('src/b.js', text(['// b', ...RENDER]));
    await repo.commit('two copies');
    const places = await resolve(anchorOn('render', RENDER, 9));
    assert.equal(places.get('render')?.status, 'lost');
  });

  it('never looks across files for a snippet that says too little', async () => {
    const short = ['}'];
    await repo.remove('src/util.js');
    await repo.write('src/parse.js', text([...header, ...PARSE]));
    await repo.commit('split');
    assert.equal((await resolve(anchorOn('brace', short, 7))).get('brace')?.status, 'lost');
  });
});

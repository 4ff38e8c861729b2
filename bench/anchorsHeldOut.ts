// The parts of `npm run bench -- anchors` the mapper was never tuned on:
//   held out     code that kept its path, in histories not looked at while tuning: published versions
//                of qs and cookie (JavaScript, `npm pack`) and tagged versions of itsdangerous (Python,
//                from a fixture derived from github.com/pallets/itsdangerous: its modules' sources at
//                8 tags, BSD-3-Clause, licence beside it in bench/fixtures/).
//   moved files  real restructurings where code left its file: semver 6.3.0 → 7.0.0 (one file split
//                into ~50), commander 7.2.0 → 8.0.0 (index.js split into lib/), itsdangerous 0.24 →
//                1.1.0 (one module split into a package), chalk 4.1.2 → 5.0.0 (source/util.js →
//                utilities.js). Each is a git repository with the two versions as commits, resolved by
//                AnchorResolver (the extension's path: git, renames, cross-file search); ground truth
//                by qualified name across the whole package (TypeScript parser; Python's structure).
//                The cross-file thresholds were set looking at semver's, commander's and
//                itsdangerous's misses; chalk was not looked at. (debug 3.2.7 → 4.0.0 and mkdirp
//                0.5.5 → 1.0.0 were tried: by the truth, no code left its file there.)
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AnchorResolver } from '../src/core/anchors/batch';
import { splitLines } from '../src/core/anchors/text';
import type { AnchorInput, AnchorPlace } from '../src/core/anchors/types';
import { functionsOf, functionTruth, packageFiles, statementTruth, type Fn, type History, type Span, type Truth } from './anchors';
import { random } from './random';

const HELD_OUT_NPM: readonly { name: string; versions: readonly string[] }[] = [
  { name: 'qs', versions: ['6.5.2', '6.7.0', '6.9.4', '6.10.3', '6.11.0', '6.12.0', '6.13.0'] },
  { name: 'cookie', versions: ['0.3.1', '0.4.0', '0.4.1', '0.5.0', '0.6.0', '0.7.0'] },
];
const PY_FIXTURE = join(import.meta.dirname, 'fixtures', 'itsdangerous-history.json.gz');

function itsdangerous(): Map<string, Map<string, string>> {
  const data = JSON.parse(gunzipSync(readFileSync(PY_FIXTURE)).toString('utf8')) as { versions: Record<string, Record<string, string>> };
  return new Map(Object.entries(data.versions).map(([tag, files]) => [tag, new Map(Object.entries(files))]));
}

export async function heldOutCorpus(): Promise<History[]> {
  const out: History[] = [];
  for (const { name, versions } of HELD_OUT_NPM) {
    out.push({ name, labels: versions, versions: await Promise.all(versions.map((v) => packageFiles(name, v))), heldOut: true });
  }
  // The module's path changed at 1.0: 0.22 → 0.24 in itsdangerous.py, then 1.1.0 → 2.2.0 in src/.
  const py = itsdangerous();
  for (const tags of [
    ['0.22', '0.24'],
    ['1.1.0', '2.0.0', '2.0.1', '2.1.0', '2.1.2', '2.2.0'],
  ]) {
    out.push({ name: `itsdangerous ${tags[0]}+`, labels: tags, versions: tags.map((t) => py.get(t)!), heldOut: true });
  }
  return out;
}

export interface MovedCase {
  readonly pkg: string;
  readonly kind: 'function' | 'block' | 'line';
  readonly from: string;
  readonly truth: { kind: 'lost' } | { kind: 'at'; path: string; span: Span };
  readonly place: AnchorPlace;
  readonly snippet: string;
}

/** All functions of a package by key, and each function's and statement's file. */
function packageFns(files: Map<string, string>) {
  const fns = new Map<string, Fn[]>();
  const fileOf = new WeakMap<object, string>();
  for (const [path, text] of files) {
    for (const [key, list] of functionsOf(path, text)) {
      for (const fn of list) {
        fileOf.set(fn, path);
        for (const st of fn.statements) fileOf.set(st, path);
      }
      fns.set(key, [...(fns.get(key) ?? []), ...list]);
    }
  }
  return { fns, fileOf };
}

const CONTEXT = 3;
const PER_KIND = 60;
const exec = promisify(execFile);
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };

async function writeTree(root: string, files: Map<string, string>): Promise<void> {
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** Anchors at the old version whose code left its file by the new one (or whose file is gone). */
async function transition(pkg: string, before: Map<string, string>, after: Map<string, string>, rnd: () => number): Promise<MovedCase[]> {
  const old = packageFns(before);
  const now = packageFns(after);
  const picked: { kind: MovedCase['kind']; path: string; span: Span; truth: Truth }[] = [];
  let unknown = 0;
  const pools: Record<MovedCase['kind'], typeof picked> = { function: [], block: [], line: [] };
  for (const [key, list] of old.fns) {
    if (list.length !== 1) continue;
    const fn = list[0];
    const path = old.fileOf.get(fn)!;
    pools.function.push({ kind: 'function', path, span: fn, truth: functionTruth(old.fns, now.fns, key) });
    fn.statements.forEach((st, i) => {
      const kind = st.end > st.start ? 'block' : 'line';
      pools[kind].push({ kind, path, span: st, truth: statementTruth(old.fns, fn, now.fns, i) });
    });
  }
  // Only code that left its file: its truth in another file, or its file gone. Code whose function
  // the parser cannot find by name any more (SemVer's constructor function became a class) but whose
  // text is still in the package verbatim is left out: the truth cannot say where it went.
  const newTexts = [...after.values()];
  const snippetOf = (p: { path: string; span: Span }) =>
    splitLines(before.get(p.path)!)
      .slice(p.span.start, p.span.end + 1)
      .join('\n');
  const left = (p: (typeof picked)[number]) => {
    if (p.truth.kind === 'at') return now.fileOf.get(p.truth.span) !== p.path;
    if (p.truth.kind !== 'lost' || after.has(p.path)) return false;
    const snippet = snippetOf(p);
    if (newTexts.some((t) => t.includes(snippet))) {
      unknown++;
      return false;
    }
    return true;
  };
  for (const kind of ['function', 'block', 'line'] as const) {
    const pool = pools[kind].filter(left);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    picked.push(...pool.slice(0, PER_KIND));
  }
  const root = await mkdtemp(join(tmpdir(), 'mm-bench-moved-'));
  const git = (...args: string[]) => exec('git', args, { cwd: root, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  try {
    await git('init', '-q', '-b', 'main');
    await writeTree(root, before);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'before');
    const commit = (await git('rev-parse', 'HEAD')).stdout.trim();
    await git('rm', '-rq', '.');
    await writeTree(root, after);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'after');
    const anchors: AnchorInput[] = picked.map((p, i) => {
      const lines = splitLines(before.get(p.path)!);
      return {
        id: `m${i}`,
        path: p.path,
        commit,
        startLine: p.span.start + 1,
        endLine: p.span.end + 1,
        snippet: lines.slice(p.span.start, p.span.end + 1).join('\n'),
        before: lines.slice(Math.max(0, p.span.start - CONTEXT), p.span.start),
        after: lines.slice(p.span.end + 1, p.span.end + 1 + CONTEXT),
      };
    });
    const places = await new AnchorResolver().resolveAll(root, anchors, (p) => readFile(join(root, p), 'utf8').catch(() => undefined));
    movedUnknown += unknown;
    return picked.map((p, i) => ({
      pkg,
      kind: p.kind,
      from: p.path,
      truth: p.truth.kind === 'at' ? { kind: 'at', path: now.fileOf.get(p.truth.span)!, span: p.truth.span } : { kind: 'lost' },
      place: places.get(`m${i}`)!,
      snippet: anchors[i].snippet,
    }));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Cases left out because the truth could not say (see transition). */
export let movedUnknown = 0;

export async function movedCases(): Promise<MovedCase[]> {
  const rnd = random(13);
  const cases: MovedCase[] = [];
  for (const [name, from, to] of [
    ['semver', '6.3.0', '7.0.0'],
    ['commander', '7.2.0', '8.0.0'],
    ['chalk', '4.1.2', '5.0.0'],
  ] as const) {
    cases.push(...(await transition(`${name} ${from} → ${to}`, await packageFiles(name, from), await packageFiles(name, to), rnd)));
  }
  const py = itsdangerous();
  cases.push(...(await transition('itsdangerous 0.24 → 1.1.0', py.get('0.24')!, py.get('1.1.0')!, rnd)));
  return cases;
}

/** Correct: on the truth's file and lines (or overlapping them by 80 %), or not placed when gone. */
export function judgeMoved(c: MovedCase): { correct: boolean; placed: boolean } {
  const placed = c.place.status !== 'lost' && c.place.startLine !== undefined;
  if (c.truth.kind === 'lost') return { correct: !placed, placed };
  if (!placed || c.place.path !== c.truth.path) return { correct: false, placed };
  const t = c.truth.span;
  const s = c.place.startLine - 1;
  const e = c.place.endLine! - 1;
  const common = Math.max(0, Math.min(t.end, e) - Math.max(t.start, s) + 1);
  const union = Math.max(t.end, e) - Math.min(t.start, s) + 1;
  return { correct: (t.start === s && t.end === e) || common / union >= 0.8, placed };
}

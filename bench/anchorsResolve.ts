// Resolution cost through git, in one run: 100 asks in a real history — a git repository whose
// commits are successive published versions of npm packages from the anchor corpus — resolved
// together by AnchorResolver (one diff per commit pair, cached) against one resolveWithGit per ask
// (a git process or several each: the old way). Per-ask figures of a batch are its wall time ÷ its
// asks (every ask of a batch is placed when the batch ends); cold batches start with empty caches.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { AnchorResolver } from '../src/core/anchors/batch';
import { resolveWithGit } from '../src/core/anchors/resolve';
import { splitLines } from '../src/core/anchors/text';
import type { AnchorInput } from '../src/core/anchors/types';
import { random } from './random';

const exec = promisify(execFile);
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };
const ASKS = 100;
const ROUNDS = 10;

export interface ResolveCost {
  readonly asks: number;
  readonly commits: number;
  /** Batched, empty caches: ms per ask (batch ÷ asks), median and p95 over rounds; ms per batch. */
  readonly cold: { medianMs: number; p95Ms: number; batchP95Ms: number; processes: number };
  /** Batched again with the caches kept (a save, a new ask). */
  readonly warm: { medianMs: number; p95Ms: number; processes: number };
  /** One resolveWithGit per ask, one after another: ms per ask, median and p95 over all asks. */
  readonly baseline: { medianMs: number; p95Ms: number };
  /** Asks where the batch and the old way disagree (status or lines). */
  readonly disagree: number;
}

const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

/** versions: per package, its versions' files (path → text), oldest first. */
export async function resolveCost(versions: ReadonlyMap<string, readonly Map<string, string>[]>): Promise<ResolveCost> {
  const root = await mkdtemp(join(tmpdir(), 'mm-bench-resolve-'));
  const git = (...args: string[]) => exec('git', args, { cwd: root, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  try {
    await git('init', '-q', '-b', 'main');
    const depth = Math.max(...[...versions.values()].map((v) => v.length));
    const commits: { id: string; files: Map<string, string> }[] = [];
    for (let i = 0; i < depth; i++) {
      const files = new Map<string, string>();
      for (const [pkg, list] of versions) {
        for (const [path, text] of list[Math.min(i, list.length - 1)]) files.set(`${pkg}/${path}`, text);
      }
      await rm(join(root, 'pkgs'), { recursive: true, force: true });
      for (const [path, text] of files) {
        await mkdir(dirname(join(root, 'pkgs', path)), { recursive: true });
        await writeFile(join(root, 'pkgs', path), text);
      }
      await git('add', '-A');
      await git('commit', '-q', '--allow-empty', '-m', `v${i}`);
      commits.push({ id: (await git('rev-parse', 'HEAD')).stdout.trim(), files });
    }
    const rnd = random(5);
    const anchors: AnchorInput[] = [];
    while (anchors.length < ASKS) {
      const c = commits[Math.floor(rnd() * (commits.length - 1))];
      const paths = [...c.files.keys()];
      const path = paths[Math.floor(rnd() * paths.length)];
      const lines = splitLines(c.files.get(path) ?? '');
      if (lines.length < 20) continue;
      const start = Math.floor(rnd() * (lines.length - 10));
      const end = start + Math.floor(rnd() * 8);
      const snippet = lines.slice(start, end + 1);
      if (snippet.join('').trim().length < 20) continue;
      anchors.push({ id: `a${anchors.length}`, path: `pkgs/${path}`, commit: c.id, startLine: start + 1, endLine: end + 1, snippet: snippet.join('\n') });
    }
    const textOf = (p: string) => readFile(join(root, p), 'utf8').catch(() => undefined);

    const cold: number[] = [];
    let processes = 0;
    let places = new Map<string, unknown>();
    for (let r = 0; r < ROUNDS; r++) {
      const resolver = new AnchorResolver();
      const t = performance.now();
      places = await resolver.resolveAll(root, anchors, textOf);
      cold.push(performance.now() - t);
      processes = resolver.diffs.processes;
    }
    const resolver = new AnchorResolver();
    await resolver.resolveAll(root, anchors, textOf);
    const before = resolver.diffs.processes;
    const warm: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now();
      await resolver.resolveAll(root, anchors, textOf);
      warm.push(performance.now() - t);
    }
    const warmProcesses = (resolver.diffs.processes - before) / ROUNDS;

    const one: number[] = [];
    let disagree = 0;
    for (const a of anchors) {
      const t = performance.now();
      const text = (await textOf(a.path)) ?? '';
      const old = await resolveWithGit(root, a, text);
      one.push(performance.now() - t);
      const now = places.get(a.id) as typeof old | undefined;
      if (!now || now.status !== old.status || now.startLine !== old.startLine || now.endLine !== old.endLine) disagree++;
    }
    const perAsk = (xs: number[]) => xs.map((x) => x / anchors.length);
    return {
      asks: anchors.length,
      commits: commits.length,
      cold: { medianMs: percentile(perAsk(cold), 0.5), p95Ms: percentile(perAsk(cold), 0.95), batchP95Ms: percentile(cold, 0.95), processes },
      warm: { medianMs: percentile(perAsk(warm), 0.5), p95Ms: percentile(perAsk(warm), 0.95), processes: warmProcesses },
      baseline: { medianMs: percentile(one, 0.5), p95Ms: percentile(one, 0.95) },
      disagree,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

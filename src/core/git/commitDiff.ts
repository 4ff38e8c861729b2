// What changed between two commits, asked once per commit pair for every anchor that shares it and
// kept in LRU caches keyed by the commits' ids (immutable, so never stale): the files changed
// (`git diff --name-status -M`), the zero-context hunks of the files anchors sit in (one `git diff`
// for all of them), and file texts at a commit (one `git cat-file --batch` for all of them).
// ARCHITECTURE.md, "Anchors", says how the anchors use them.
import { Lru } from '../lru';
import type { DiffHunk } from './diff';
import { runGitBounded, runGitWithInput } from './run';
import { parseBlobs, parseFileDiffs, parseNameStatus, type NameStatus } from './diffParse';

export { type NameStatus } from './diffParse';

/** Per git call; past it the caller falls back to what it can do without git. */
const TIMEOUT_MS = 10_000;
const isCommitId = (commit: string) => /^[0-9a-f]{4,64}$/i.test(commit);
/** A path git reads on stdin or as a pathspec: relative, one line. */
const safePath = (p: string) => p.length > 0 && !p.includes('\n') && !p.includes('\0') && !p.startsWith('/');

export interface CommitDiffOptions {
  /** Commit pairs whose file lists and hunks are kept (default 64). */
  readonly maxPairs?: number;
  /** Bytes of file text kept (default 32 MiB). */
  readonly maxTextBytes?: number;
}

export class CommitDiffs {
  private readonly changesCache: Lru<string, readonly NameStatus[]>;
  private readonly hunkCache: Lru<string, readonly DiffHunk[] | null>;
  private readonly textCache: Lru<string, string | null>;
  /** git processes started (benchmarks and tests count them). */
  processes = 0;

  constructor(options: CommitDiffOptions = {}) {
    const pairs = options.maxPairs ?? 64;
    this.changesCache = new Lru(pairs);
    this.hunkCache = new Lru(pairs * 64);
    this.textCache = new Lru(4096, options.maxTextBytes ?? 32 * 1024 * 1024);
  }

  /** The full ids of `HEAD` and of the given commits this clone has (one `cat-file --batch-check`); absent when unknown. */
  async commitIds(root: string, commits: readonly string[]): Promise<{ head?: string; ids: Map<string, string> }> {
    const asked = [...new Set(commits.filter(isCommitId))];
    this.processes++;
    const input = ['HEAD^{commit}', ...asked.map((c) => `${c}^{commit}`)].join('\n') + '\n';
    const result = await runGitWithInput(root, ['cat-file', '--batch-check'], input, TIMEOUT_MS);
    const ids = new Map<string, string>();
    if (!result.ok) return { ids };
    const lines = result.stdout.toString('utf8').split('\n');
    const idOf = (line: string | undefined) => (line && /^[0-9a-f]{40,64} commit \d+$/.test(line) ? line.slice(0, line.indexOf(' ')) : undefined);
    const head = idOf(lines[0]);
    asked.forEach((c, i) => {
      const id = idOf(lines[i + 1]);
      if (id) ids.set(c, id);
    });
    return head ? { head, ids } : { ids };
  }

  /** The files changed from `from` to `to` (full commit ids), with renames; undefined when git fails. */
  async changes(root: string, from: string, to: string): Promise<readonly NameStatus[] | undefined> {
    if (!isCommitId(from) || !isCommitId(to)) return undefined;
    const key = `${root}\0${from}\0${to}`;
    const cached = this.changesCache.get(key);
    if (cached) return cached;
    this.processes++;
    const result = await runGitBounded(root, ['diff', '-M', '--name-status', '-z', '--no-color', from, to], TIMEOUT_MS);
    if (!result.ok) return undefined;
    const list = parseNameStatus(result.stdout);
    this.changesCache.set(key, list);
    return list;
  }

  /**
   * The zero-context hunks from `from` to `to` of each file (`old` at `from`, `now` at `to`: the same
   * path unless renamed), keyed by `now`: one `git diff` for all files not cached yet. A file git
   * shows no change for gets []; one whose hunks could not be read is absent.
   */
  async hunks(root: string, from: string, to: string, files: readonly { old: string; now: string }[]): Promise<Map<string, readonly DiffHunk[]>> {
    const out = new Map<string, readonly DiffHunk[]>();
    if (!isCommitId(from) || !isCommitId(to)) return out;
    const keyOf = (f: { old: string; now: string }) => `${root}\0${from}\0${to}\0${f.old}\0${f.now}`;
    const missing: { old: string; now: string }[] = [];
    for (const f of files) {
      const cached = this.hunkCache.get(keyOf(f));
      if (cached) out.set(f.now, cached);
      else if (cached === undefined && safePath(f.old) && safePath(f.now)) missing.push(f);
    }
    if (missing.length === 0) return out;
    const paths = [...new Set(missing.flatMap((f) => [f.old, f.now]))];
    const args = ['diff', '-U0', '--histogram', '-M', '--no-color', '--no-ext-diff', '--no-textconv', from, to, '--', ...paths];
    this.processes++;
    const result = await runGitBounded(root, args, TIMEOUT_MS);
    if (!result.ok) return out;
    const sections = parseFileDiffs(result.stdout);
    for (const f of missing) {
      const section = sections.get(f.now);
      // No section: git saw no change (or only a rename without edits) — unless it was quoted past reading.
      const hunks = section ? (section.old === f.old || section.old === f.now ? section.hunks : null) : sections.unreadable ? null : [];
      this.hunkCache.set(keyOf(f), hunks);
      if (hunks) out.set(f.now, hunks);
    }
    return out;
  }

  /** Files changed in the work tree since HEAD, untracked ones too (`git status`, not cached: the work tree moves). */
  async uncommitted(root: string): Promise<string[]> {
    this.processes++;
    const args = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'];
    const result = await runGitBounded(root, args, TIMEOUT_MS);
    if (!result.ok) return [];
    // `XY path` NUL each; deleted files have nothing to search.
    return result.stdout
      .split('\0')
      .filter((entry) => entry.length > 3 && entry[0] !== 'D' && entry[1] !== 'D')
      .map((entry) => entry.slice(3));
  }

  /** Files' texts at commits (one `git cat-file --batch`), keyed `commit:path`; absent when not there. */
  async texts(root: string, wanted: readonly { commit: string; path: string }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const { commit, path } of wanted) {
      if (!isCommitId(commit) || !safePath(path)) continue;
      const spec = `${commit}:${path}`;
      const cached = this.textCache.get(`${root}\0${spec}`);
      if (typeof cached === 'string') out.set(spec, cached);
      else if (cached === undefined) missing.push(spec);
    }
    const specs = [...new Set(missing)];
    if (specs.length === 0) return out;
    this.processes++;
    const result = await runGitWithInput(root, ['cat-file', '--batch'], specs.join('\n') + '\n', TIMEOUT_MS);
    if (!result.ok) return out;
    const blobs = parseBlobs(result.stdout, specs.length);
    specs.forEach((spec, i) => {
      const text = blobs[i];
      this.textCache.set(`${root}\0${spec}`, text ?? null, text?.length ?? 1);
      if (text !== undefined) out.set(spec, text);
    });
    return out;
  }
}

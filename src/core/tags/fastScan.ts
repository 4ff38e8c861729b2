// The workspace tag scan with a searcher in front (ARCHITECTURE.md, "Anchors"): ripgrep (VS Code
// ships one; the language server is told its path) or `git grep` lists the files that may hold a tag,
// and only those are read and parsed; the walk of scan.ts stays the fallback. The searchers' output
// is hostile input: capped in bytes and files, split in one pass on NUL, and every path that is not
// a plain relative path inside the folder is dropped.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { globMatcher, type PathMatcher } from './glob';
import { DEFAULT_MAX_BYTES, DEFAULT_SKIP_FOLDERS, listFiles, scanFiles, type ListOptions, type ScanOptions, type ScanResult } from './scan';

/** What may list the candidate files: a ripgrep binary's absolute path, and whether `git grep` may run (a trusted workspace only: git reads the repository's config). */
export interface Searchers {
  readonly ripgrep?: string;
  readonly gitGrep?: boolean;
}

export type ScanVia = 'ripgrep' | 'git grep' | 'walk';

/** A superset of the tag pattern (parse.ts QUICK) both searchers read: case-insensitive `ask`/`asked` then `(`, `:`, `→` or `-`. */
const PATTERN = 'ask(ed)?[ \\t]*[(:→-]';
const TIMEOUT_MS = 30_000;
/** Output past this is cut (a path is at most a few hundred bytes; 50,000 of them fit). */
const MAX_OUTPUT = 16 * 1024 * 1024;

interface Listed {
  readonly files: string[];
  readonly truncated: boolean;
}

/** Runs a searcher; resolves undefined when it cannot start, fails, or times out. Output is cut at the caps. */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  maxFiles: number,
  signal?: AbortSignal,
): Promise<{ out: string; cut: boolean } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let entries = 0;
    let cut = false;
    let done = false;
    const finish = (value: { out: string; cut: boolean } | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const child = spawn(command, args, {
      cwd,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    const onAbort = () => child.kill();
    signal?.addEventListener('abort', onAbort);
    child.stdout.on('data', (chunk: Buffer) => {
      if (cut) return;
      for (let i = chunk.indexOf(0); i >= 0; i = chunk.indexOf(0, i + 1)) entries++;
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT || entries > maxFiles) {
        cut = true;
        child.kill();
      }
    });
    child.on('error', () => finish(undefined));
    child.on('close', (code) => {
      // ripgrep and git grep exit 1 when nothing matched.
      if (cut) finish({ out: Buffer.concat(chunks).toString('utf8'), cut: true });
      else finish(code === 0 || code === 1 ? { out: Buffer.concat(chunks).toString('utf8'), cut: false } : undefined);
    });
  });
}

/** The searcher's NUL-separated paths that are plain relative paths inside `root`, as absolute paths. */
export function acceptPaths(root: string, out: string, keep: PathMatcher, maxFiles: number): Listed {
  const files: string[] = [];
  let truncated = false;
  const base = path.resolve(root);
  for (const raw of out.split('\0')) {
    if (raw === '') continue;
    const relative = (raw.startsWith('./') || raw.startsWith('.\\') ? raw.slice(2) : raw).split('\\').join('/');
    if (relative === '' || relative.startsWith('/') || /^[a-z]:/i.test(relative) || relative.includes('\n')) continue;
    if (relative.split('/').some((part) => part === '..' || part === '.' || part === '')) continue;
    const full = path.join(base, relative);
    if (!full.startsWith(base + path.sep) || !keep(relative)) continue;
    if (files.length >= maxFiles) {
      truncated = true;
      break;
    }
    files.push(full);
  }
  return { files, truncated };
}

/** Whether a listed file passes the walk's rules: no skipped folder on its way, no exclude glob matching it or a folder above. */
function keeper(options: ListOptions): PathMatcher {
  const skip = new Set(options.skipFolders ?? DEFAULT_SKIP_FOLDERS);
  const excluded = globMatcher(options.exclude ?? []);
  return (relative) => {
    const parts = relative.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (i < parts.length - 1 && skip.has(parts[i])) return false;
      if (excluded(parts.slice(0, i + 1).join('/'))) return false;
    }
    return true;
  };
}

/** The files under `root` a searcher says may hold a tag; undefined when none could run. */
export async function candidateFiles(
  root: string,
  searchers: Searchers,
  options: ListOptions & ScanOptions = {},
): Promise<(Listed & { via: ScanVia }) | undefined> {
  const maxFiles = options.maxFiles ?? 50_000;
  const keep = keeper(options);
  const skip = options.skipFolders ?? DEFAULT_SKIP_FOLDERS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (searchers.ripgrep && path.isAbsolute(searchers.ripgrep)) {
    const args = ['--no-config', '--files-with-matches', '--null', '--no-messages', '--ignore-case', '--no-ignore', '--hidden', '--no-follow'];
    args.push('--max-filesize', String(maxBytes), ...skip.flatMap((name) => ['--glob', `!${name.replace(/[[\]{}*?!\\]/g, '\\$&')}`]));
    args.push('--regexp', PATTERN, '--', '.');
    const result = await run(searchers.ripgrep, args, root, maxFiles, options.signal);
    if (result) {
      const listed = acceptPaths(root, result.out, keep, maxFiles);
      return { ...listed, truncated: listed.truncated || result.cut, via: 'ripgrep' };
    }
  }
  options.signal?.throwIfAborted();
  if (searchers.gitGrep) {
    // Tracked and untracked files, ignored ones too (as the walk); fsmonitor and pagers off.
    const args = [
      '-c',
      'core.fsmonitor=false',
      '-c',
      'core.quotepath=off',
      'grep',
      '--files-with-matches',
      '-z',
      '-I',
      '--ignore-case',
      '--extended-regexp',
      '--untracked',
      '--no-exclude-standard',
    ];
    args.push('-e', PATTERN, '--', '.', ...skip.map((name) => `:(exclude,glob)**/${name.replace(/[[\]{}*?!\\]/g, '\\$&')}/**`));
    const result = await run('git', args, root, maxFiles, options.signal);
    if (result) {
      const listed = acceptPaths(root, result.out, keep, maxFiles);
      return { ...listed, truncated: listed.truncated || result.cut, via: 'git grep' };
    }
  }
  return undefined;
}

/** scanFolders (scan.ts) with a searcher in front where one runs; says per scan which listed the files. */
export async function scanFoldersWith(
  roots: readonly string[],
  searchers: Searchers,
  options: ListOptions & ScanOptions = {},
): Promise<ScanResult & { truncated: boolean; via: readonly ScanVia[] }> {
  const listed = await Promise.all(
    roots.map(async (root) => (await candidateFiles(root, searchers, options)) ?? { ...(await listFiles(root, options)), via: 'walk' as const }),
  );
  const result = await scanFiles(
    listed.flatMap((l) => l.files),
    options,
  );
  return { ...result, truncated: listed.some((l) => l.truncated), via: listed.map((l) => l.via) };
}

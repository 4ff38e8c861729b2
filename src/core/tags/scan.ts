// Finding `ASK:` tags across a workspace: list the files (skipping dependency, VCS and build folders
// and the user's exclude globs), then read them with bounded concurrency, skipping binary and huge
// files. Cancellable with an AbortSignal; never reads a whole file it will not parse.
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { globMatcher } from './glob';
import { mayHaveTags, parseTags, type AskTag } from './parse';
import { syntaxKeyOfPath } from './syntax';

/** Folders never walked unless `skipFolders` says otherwise. */
export const DEFAULT_SKIP_FOLDERS: readonly string[] = ['node_modules', '.git', '.hg', '.svn', 'dist'];
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_CONCURRENCY = 32;

export interface ScanOptions {
  /** Files read at once (default 32). */
  readonly concurrency?: number;
  /** Larger files are skipped (default 1 MiB). */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
  /** Reads up to maxBytes of a file; undefined when it is larger, missing or unreadable. Replaceable for tests. */
  readonly readFile?: (file: string, maxBytes: number) => Promise<Buffer | undefined>;
}

export interface FileTags {
  readonly path: string;
  readonly tags: readonly AskTag[];
}

export interface ScanResult {
  /** Files with at least one unsent tag, in the order given. */
  readonly files: readonly FileTags[];
  readonly scanned: number;
  /** Binary, too large or unreadable. */
  readonly skipped: number;
}

/** Reads the files (bounded concurrency) and parses their tags. Rejects with an AbortError when cancelled. */
export async function scanFiles(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const read = options.readFile ?? readBounded;
  const found: (FileTags | undefined)[] = new Array<FileTags | undefined>(paths.length);
  let next = 0;
  let skipped = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      options.signal?.throwIfAborted();
      const index = next++;
      const file = paths[index] ?? '';
      const buffer = await read(file, maxBytes);
      if (!buffer || isBinary(buffer)) {
        skipped++;
        continue;
      }
      const text = buffer.toString('utf8');
      if (!mayHaveTags(text)) continue;
      const tags = parseTags(text, { language: syntaxKeyOfPath(file) });
      if (tags.length > 0) found[index] = { path: file, tags };
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, paths.length));
  await Promise.all(Array.from({ length: workers }, worker));
  options.signal?.throwIfAborted();
  return { files: found.filter((f): f is FileTags => f !== undefined), scanned: paths.length, skipped };
}

export interface ListOptions {
  /** Globs relative to the root (`**\/vendor/**`, `*.min.js`); a pattern without a slash matches names at any depth. */
  readonly exclude?: readonly string[];
  readonly skipFolders?: readonly string[];
  /** Stop listing after this many files (default 50,000). */
  readonly maxFiles?: number;
  readonly signal?: AbortSignal;
}

/** The files under a folder, depth first, without following symbolic links. */
export async function listFiles(root: string, options: ListOptions = {}): Promise<{ files: string[]; truncated: boolean }> {
  const skip = new Set(options.skipFolders ?? DEFAULT_SKIP_FOLDERS);
  const excluded = globMatcher(options.exclude ?? []);
  const maxFiles = options.maxFiles ?? 50_000;
  const files: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    options.signal?.throwIfAborted();
    const relativeDir = pending.pop() ?? '';
    const entries = await readdir(path.join(root, relativeDir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.has(entry.name) && !excluded(relative)) pending.push(relative);
      } else if (entry.isFile() && !excluded(relative)) {
        if (files.length >= maxFiles) return { files, truncated: true };
        files.push(path.join(root, relative));
      }
    }
  }
  return { files, truncated: false };
}

/** Lists and scans several roots (workspace folders). */
export async function scanFolders(roots: readonly string[], options: ListOptions & ScanOptions = {}): Promise<ScanResult & { truncated: boolean }> {
  const listed = await Promise.all(roots.map((r) => listFiles(r, options)));
  const result = await scanFiles(
    listed.flatMap((l) => l.files),
    options,
  );
  return { ...result, truncated: listed.some((l) => l.truncated) };
}

/** A NUL byte in the first 8 KB: what git calls binary. */
function isBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8192).includes(0);
}

async function readBounded(file: string, maxBytes: number): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return buffer.subarray(0, offset);
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

// Crash-safe file replacement: write a temp file in the same directory, fsync it, move the current
// file aside (normally to `<name>.bak`), rename the temp file into place, fsync the directory. A
// crash at any point leaves the old file, the new file, or (between the two renames) only the
// backup, which the reader falls back to. A leftover temp file is never read; `removeStaleTemps`
// sweeps it.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

export interface AtomicWriteOptions {
  /** Where the current file is moved before the new one takes its place; absent: it is replaced. */
  readonly backupPath?: string;
}

const errorCode = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/** Windows may refuse a rename for a moment while a scanner holds the file; try a few times. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = errorCode(e);
      if (attempt >= 4 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows: best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported on this platform
  }
}

export async function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions): Promise<void> {
  const temp = join(dirname(path), `${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  await mkdir(dirname(path), { recursive: true }); // it may have been deleted, or not creatable at open
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.backupPath !== undefined) {
      try {
        await renameRetrying(path, options.backupPath);
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') throw e;
      }
    }
    await renameRetrying(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dirname(path));
}

/** The file's text, or undefined when it (or its directory) does not exist. Other read errors are thrown. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Deletes temp files an interrupted write of one of these files left behind. Only old ones: another
 * window sharing the directory may be writing one right now.
 */
export async function removeStaleTemps(dir: string, names: readonly string[], olderThanMs = 60_000): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  const temps = entries.filter((e) => e.endsWith(TEMP_SUFFIX) && names.some((n) => e.startsWith(`${n}.`)));
  await Promise.all(
    temps.map(async (e) => {
      const path = join(dir, e);
      const info = await stat(path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs >= olderThanMs) await unlink(path).catch(() => undefined);
    }),
  );
}

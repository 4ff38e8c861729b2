// A lock between processes: each VS Code window runs its own extension host, and all of them share
// one globalStorage directory. The lock is a file created exclusively (`wx`), holding the holder's
// pid, host and a random token. The holder touches it every few seconds; a lock whose holder has
// died (same host, pid gone) or whose file went untouched for `staleMs` (the holder hung) is taken
// over. Takeover renames the file aside first and checks it is the one judged stale, so two
// processes taking over at once cannot both win, and a lock created meanwhile is put back.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

export interface LockOptions {
  /** A lock file untouched for this long is abandoned and may be taken over. */
  readonly staleMs: number;
  /** Keep trying this long while another process holds it; 0 (default) tries once. */
  readonly waitMs?: number;
}

export interface HeldLock {
  /** False when no lock file could be created at all (the directory is missing or not writable). */
  readonly locked: boolean;
  /** The lock was taken over from a holder that died or hung. */
  readonly tookOver: boolean;
  /** Whether the lock file is still ours (false once another process took it over as stale). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

interface Holder {
  readonly pid?: number;
  readonly host?: string;
  readonly token?: string;
}

interface Seen {
  readonly text: string;
  readonly mtimeMs: number;
}

const errorCode = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseHolder(text: string): Holder {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {}; // being written right now, or damaged: judged by its age alone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM'; // exists, owned by someone else
  }
}

async function look(path: string): Promise<Seen | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, mtimeMs: info.mtimeMs };
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function isStale(seen: Seen, staleMs: number): boolean {
  const holder = parseHolder(seen.text);
  const here = holder.host === hostname() && typeof holder.pid === 'number' && holder.pid !== process.pid;
  // On this machine the holder's process says it all: a live one keeps its lock however long its event
  // loop was busy (another extension blocking it); a dead one loses it at once. Elsewhere, only time tells.
  if (here) return !isAlive(holder.pid);
  return Date.now() - seen.mtimeMs > staleMs;
}

/** Moves a stale lock aside; true when the one moved is the one judged stale (else it is put back). */
async function takeOver(path: string, seen: Seen): Promise<boolean> {
  const aside = `${path}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return false; // someone else took it over first
    throw e;
  }
  const moved = await look(aside);
  const same = moved !== undefined && moved.text === seen.text && moved.mtimeMs === seen.mtimeMs;
  if (!same) await link(aside, path).catch(() => undefined); // a fresh lock: give it back unless replaced
  await unlink(aside).catch(() => undefined);
  return same;
}

class FileLock implements HeldLock {
  private readonly heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly path: string,
    private readonly token: string,
    readonly locked: boolean,
    readonly tookOver: boolean,
    staleMs: number,
  ) {
    if (!locked) return;
    this.heartbeat = setInterval(() => {
      const now = new Date();
      void utimes(path, now, now).catch(() => undefined);
    }, Math.max(10, Math.floor(staleMs / 3)));
    this.heartbeat.unref?.();
  }

  async stillHeld(): Promise<boolean> {
    if (!this.locked) return true;
    const seen = await look(this.path).catch(() => undefined);
    return seen !== undefined && parseHolder(seen.text).token === this.token;
  }

  async release(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.locked && (await this.stillHeld())) await unlink(this.path).catch(() => undefined);
  }
}

/**
 * Takes the lock at `path`, waiting up to `waitMs` while another live process holds it. Resolves
 * undefined when it stayed busy. When the directory cannot hold a lock file at all, resolves an
 * unlocked lock (`locked: false`): the caller's own file operations then report the real problem.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock | undefined> {
  const token = randomBytes(8).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), token, at: new Date().toISOString() });
  const deadline = Date.now() + (options.waitMs ?? 0);
  let tookOver = false;
  for (let madeDir = false; ; ) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(content, 'utf8');
      } finally {
        await handle.close();
      }
      return new FileLock(path, token, true, tookOver, options.staleMs);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' && !madeDir) {
        madeDir = true;
        const made = await mkdir(dirname(path), { recursive: true }).then(() => true, () => false);
        if (made) continue;
      }
      if (code !== 'EEXIST') return new FileLock(path, token, false, false, options.staleMs);
    }
    const seen = await look(path).catch((): Seen => ({ text: '', mtimeMs: Date.now() })); // unreadable: held
    if (seen === undefined) continue; // released just now
    if (isStale(seen, options.staleMs) && (await takeOver(path, seen).catch(() => false))) {
      tookOver = true;
      continue;
    }
    if (Date.now() >= deadline) return undefined;
    await sleep(5 + Math.random() * 20);
  }
}

/** Who holds the lock at `path`, in words (for a log line), or undefined when nobody does. */
export async function describeHolder(path: string): Promise<string | undefined> {
  const seen = await look(path).catch(() => undefined);
  if (!seen) return undefined;
  const holder = parseHolder(seen.text);
  return `process ${holder.pid ?? '?'} on ${holder.host ?? '?'}, touched ${Math.round((Date.now() - seen.mtimeMs) / 1000)} s ago`;
}

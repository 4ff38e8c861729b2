// A lock between processes: each VS Code window runs its own extension host, and all of them share
// one globalStorage directory. The lock is a file created exclusively (`wx`), holding the holder's
// pid, host and a random token. While it holds the lock, the holder touches the file (its mtime)
// every `staleMs / 3`, so the file's age says how long ago its holder last ran. A lock is taken over:
// - on this host, when its pid is gone (the holder died): at once;
// - on this host with its pid alive, only when the file went untouched for `abandonedAfter(staleMs)`
//   = 10 × staleMs, at least 60 s (100 s for the store's default 10 s bound). A live holder keeps its
//   lock however long its event loop is busy up to that, but a live holder touches its lock ~3 times
//   per staleMs, so 30 missed touches mean the holder is not running it: the pid was reused by an
//   unrelated process after a crash, or the holder is frozen (VS Code calls an extension host
//   unresponsive after 10 s). Without this ceiling such a lock would block every save for ever;
// - from another host (a shared folder), when untouched for `staleMs`: only time tells there.
// Takeover renames the file aside first and checks it is the one judged stale, so two processes
// taking over at once cannot both win, and a lock created meanwhile is put back.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

export interface LockOptions {
  /** A lock file untouched for this long is abandoned and may be taken over (when its holder is on another host; header comment). */
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

/** How long a lock whose holder is alive on this host may go untouched before it counts as abandoned. */
export function abandonedAfter(staleMs: number): number {
  return Math.max(10 * staleMs, 60_000);
}

function isStale(seen: Seen, staleMs: number): boolean {
  const holder = parseHolder(seen.text);
  const here = holder.host === hostname() && typeof holder.pid === 'number' && holder.pid !== process.pid;
  const age = Date.now() - seen.mtimeMs;
  // On this machine a dead holder loses its lock at once; a live one keeps it while its event loop is
  // busy (another extension blocking it), but not far beyond: its pid may be reused (header comment).
  if (here) return !isAlive(holder.pid) || age > abandonedAfter(staleMs);
  return age > staleMs;
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
    this.heartbeat = setInterval(
      () => {
        const now = new Date();
        void utimes(path, now, now).catch(() => undefined);
      },
      Math.max(10, Math.floor(staleMs / 3)),
    );
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
  for (let madeDir = false; ;) {
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
        const made = await mkdir(dirname(path), { recursive: true }).then(
          () => true,
          () => false,
        );
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

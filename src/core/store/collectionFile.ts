// One collection of the store (asks, replies, outbox, cursors) and the file that holds it. Several
// processes (VS Code windows) share the file, so a save never writes this process's copy as a
// whole: it re-reads the file, applies only the keys this process set or deleted since, writes
// atomically, and takes the merged result as its own. The caller holds the store's lock around
// `load`, `reload` and `save` (store.ts), so nobody writes between the read and the write.
//
// An update of a record that another process deleted meanwhile is dropped (a delivered outbox item
// stays delivered); a record this process created is always written.
//
// A file written by a newer version, or one that cannot be read (a directory in its place, no
// permission), is never written: it is "blocked". Changes made meanwhile stay pending, and `save`
// rejects with the reason (so the store reports it and tries again) until the file can be read.
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { readTextIfExists, writeFileAtomic } from './atomicFile';
import { decodeLines, encodeLines, KEPT_NOTE, type Decoded } from './jsonLines';
import { errorMessage } from '../errors';

export interface CollectionSpec<T> {
  readonly name: string;
  readonly file: string;
  readonly guard: (value: unknown) => value is T;
  readonly key: (record: T) => string;
}

export interface LoadReport {
  readonly problems: readonly string[];
  /** Records may have been lost or be out of date. */
  readonly damaged: boolean;
}

export interface SyncReport {
  readonly problems: readonly string[];
  /** The records in memory changed because of what another process wrote. */
  readonly changed: boolean;
}

/** put: created here; update: changed here, applied only while the record still exists on disk. */
type Change<T> = { readonly kind: 'put' | 'update'; readonly record: T } | { readonly kind: 'delete' };

/** What the file holds, read with recovery. */
type Disk<T> =
  | { readonly kind: 'ok'; readonly records: readonly T[]; readonly problems: readonly string[]; readonly damaged: boolean; readonly primaryDamaged: boolean }
  /** Written by a newer version, or not readable: left alone and never written. */
  | { readonly kind: 'keepOut'; readonly problems: readonly string[]; readonly damaged: boolean };

/** Identifies one version of a file: every atomic write makes a new inode. */
type Stamp = string;

/** The file is one this process must not write (its changes are already put back). */
class Blocked extends Error {}

export class CollectionFile<T> {
  private current = new Map<string, T>();
  private pending = new Map<string, Change<T>>();
  /** Why the file on disk is never written (from a newer version, or unreadable), while it is so. */
  private blockedBy: string | undefined;
  /** The file on disk is damaged: rewrite it cleanly even with no change of ours. */
  private rewrite = false;
  /** The file as last read or written by this process. */
  private stamp: Stamp | undefined;
  private changes = 0;

  constructor(
    private readonly dir: string,
    readonly spec: CollectionSpec<T>,
  ) {}

  get path(): string {
    return join(this.dir, this.spec.file);
  }

  /** The records: what the file held when last read or written, with this process's changes on top. */
  get records(): ReadonlyMap<string, T> {
    return this.current;
  }

  /** Goes up whenever `records` may have changed: lets a reader keep an index until then. */
  get version(): number {
    return this.changes;
  }

  /** This process has changes (or a clean rewrite) not yet on disk. */
  get hasChanges(): boolean {
    return this.pending.size > 0 || (this.rewrite && this.blockedBy === undefined);
  }

  /** Why the file cannot be written now, or undefined. */
  get blocked(): string | undefined {
    return this.blockedBy;
  }

  /** The records created or changed here and not yet on disk. */
  unsaved(): T[] {
    return [...this.pending.values()].flatMap((c) => (c.kind === 'delete' ? [] : [c.record]));
  }

  set(record: T): void {
    const key = this.spec.key(record);
    const before = this.pending.get(key)?.kind;
    // Changing a record read from disk is an update; creating one (or re-creating it) is a put.
    const kind = before === undefined ? (this.current.has(key) ? 'update' : 'put') : before === 'delete' ? 'put' : before;
    this.pending.set(key, { kind, record });
    this.current.set(key, record);
    this.changes++;
  }

  delete(key: string): boolean {
    if (!this.current.delete(key)) return false;
    this.changes++;
    this.pending.set(key, { kind: 'delete' });
    return true;
  }

  clear(): void {
    for (const key of [...this.current.keys()]) this.delete(key);
  }

  async load(): Promise<LoadReport> {
    const disk = await this.readDisk();
    if (disk.kind === 'keepOut') {
      this.blockedBy = blockReason(disk.problems, this.spec.file);
      return disk;
    }
    this.blockedBy = undefined;
    this.current = apply(disk.records, this.pending, this.spec.key);
    this.changes++;
    this.rewrite = disk.damaged;
    return disk;
  }

  /** Re-reads the file, keeping this process's unsaved changes on top. */
  async reload(): Promise<SyncReport> {
    const disk = await this.readDisk();
    if (disk.kind === 'keepOut') {
      const known = this.blockedBy !== undefined;
      this.blockedBy = blockReason(disk.problems, this.spec.file); // keep what is in memory
      return { problems: known ? [] : disk.problems, changed: false };
    }
    this.blockedBy = undefined; // readable again (replaced, or permission given back)
    if (disk.damaged) this.rewrite = true;
    return { problems: disk.problems, changed: this.replace(apply(disk.records, this.pending, this.spec.key)) };
  }

  /** Merges this process's changes into the file. On failure they stay pending. */
  async save(): Promise<SyncReport> {
    if (!this.hasChanges) return { problems: [], changed: false };
    const mine = this.pending;
    this.pending = new Map();
    try {
      const disk = await this.readDisk();
      if (disk.kind === 'keepOut') {
        this.blockedBy = blockReason(disk.problems, this.spec.file);
        this.restore(mine);
        throw new Blocked(this.blockedBy);
      }
      this.blockedBy = undefined;
      const merged = apply(disk.records, mine, this.spec.key);
      const text = encodeLines(this.spec.name, [...merged.values()]);
      await writeFileAtomic(this.path, text, { backupPath: `${this.path}${disk.primaryDamaged ? '.damaged' : '.bak'}` });
      this.stamp = await stampOf(this.path);
      this.rewrite = false;
      return { problems: disk.problems, changed: this.replace(apply([...merged.values()], this.pending, this.spec.key)) };
    } catch (e) {
      if (e instanceof Blocked) throw e; // its changes are back already
      this.restore(mine);
      throw new Error(`Could not save ${this.spec.file}: ${errorMessage(e)}`, { cause: e });
    }
  }

  /** Whether the file changed since this process last read or wrote it (one `stat`). */
  async changedOnDisk(): Promise<boolean> {
    return (await stampOf(this.path).catch(() => this.stamp)) !== this.stamp;
  }

  /** Puts changes back under the ones made since (a newer change of the same key wins). */
  private restore(mine: Map<string, Change<T>>): void {
    for (const [key, change] of mine) {
      const later = this.pending.get(key);
      if (later === undefined) this.pending.set(key, change);
      else if (later.kind === 'update' && change.kind === 'put') this.pending.set(key, { kind: 'put', record: later.record });
    }
  }

  /** Takes `next` as the records; true when they differ from the ones in memory. */
  private replace(next: Map<string, T>): boolean {
    const before = this.current;
    this.current = next;
    this.changes++;
    if (before.size !== next.size) return true;
    const old = [...before];
    return [...next].some(([key, record], i) => old[i]?.[0] !== key || JSON.stringify(old[i]?.[1]) !== JSON.stringify(record));
  }

  private async readDisk(): Promise<Disk<T>> {
    const disk = await this.readWithBackup();
    this.stamp = await stampOf(this.path).catch(() => undefined);
    return disk;
  }

  private async readWithBackup(): Promise<Disk<T>> {
    const { file } = this.spec;
    const primary = await this.read(this.path, file);
    if (typeof primary === 'string') return { kind: 'keepOut', problems: [primary], damaged: true };
    if (primary?.newerVersion !== undefined) return { kind: 'keepOut', problems: primary.problems, damaged: false };
    if (primary && !primary.damaged) return { kind: 'ok', records: primary.records, problems: [], damaged: false, primaryDamaged: false };
    const backup = await this.read(`${this.path}.bak`, `${file}.bak`);
    const fromBackup = typeof backup === 'object' && backup.newerVersion === undefined ? backup.records : [];
    if (!primary) {
      if (backup === undefined) return { kind: 'ok', records: [], problems: [], damaged: false, primaryDamaged: false }; // first run
      if (typeof backup === 'object' && backup.newerVersion !== undefined) return { kind: 'keepOut', problems: backup.problems, damaged: false };
      const extra = typeof backup === 'string' ? [backup] : backup.problems;
      return {
        kind: 'ok',
        records: fromBackup,
        damaged: true,
        primaryDamaged: false,
        problems: [`${file} was missing; ${fromBackup.length} records restored from ${file}.bak`, ...extra],
      };
    }
    const records = new Map(primary.records.map((r) => [this.spec.key(r), r]));
    const before = records.size;
    for (const r of fromBackup) if (!records.has(this.spec.key(r))) records.set(this.spec.key(r), r);
    const restored = records.size - before;
    return {
      kind: 'ok',
      records: [...records.values()],
      damaged: true,
      primaryDamaged: true,
      problems: [...primary.problems, ...(restored ? [`${restored} records restored from ${file}.bak`] : [])],
    };
  }

  /** Decoded file, undefined when absent, or a problem in words when it cannot be read at all. */
  private async read(path: string, file: string): Promise<Decoded<T> | string | undefined> {
    let text: string | undefined;
    try {
      text = await readTextIfExists(path);
    } catch (e) {
      return `${file} could not be read (${errorMessage(e)})${KEPT_NOTE}`;
    }
    return text === undefined ? undefined : decodeLines(text, file, this.spec.name, this.spec.guard);
  }
}

/** The records on disk with `changes` applied, in file order (new records at the end). */
function apply<T>(disk: readonly T[], changes: ReadonlyMap<string, Change<T>>, key: (record: T) => string): Map<string, T> {
  const records = new Map<string, T>();
  for (const r of disk) records.set(key(r), r);
  for (const [k, change] of changes) {
    if (change.kind === 'delete') records.delete(k);
    else if (change.kind === 'put' || records.has(k)) records.set(k, change.record);
  }
  return records;
}

/** Why a file is not written, for the user: its problem without the note that it is not written. */
function blockReason(problems: readonly string[], file: string): string {
  const problem = problems[0] ?? `${file} cannot be read`;
  const at = problem.indexOf(KEPT_NOTE);
  return at < 0 ? problem : problem.slice(0, at);
}

async function stampOf(path: string): Promise<Stamp | undefined> {
  try {
    const info = await stat(path);
    return `${info.ino} ${info.size} ${info.mtimeMs}`;
  } catch (e) {
    if ((e as { code?: string } | null)?.code === 'ENOENT') return undefined;
    throw e;
  }
}

// One collection of the store (asks, replies, outbox, cursors) and the file that holds it: loads
// with recovery, and saves atomically with writes to the file serialised (one at a time, each
// writing the latest state).
import { join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from './atomicFile';
import { decodeLines, encodeLines, type Decoded } from './jsonLines';
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


export class CollectionFile<T> {
  readonly records = new Map<string, T>();
  private dirty = false;
  /** The file on disk is from a newer version (or unreadable): never written. */
  private readOnly = false;
  /** The file on disk is damaged: set it aside as `.damaged` on the next write, keep the `.bak`. */
  private primaryDamaged = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    readonly spec: CollectionSpec<T>,
  ) {}

  get path(): string {
    return join(this.dir, this.spec.file);
  }

  async load(): Promise<LoadReport> {
    const { file } = this.spec;
    const primary = await this.read(this.path, file);
    if (typeof primary === 'string') return this.loadProblem(primary);
    if (primary?.newerVersion !== undefined) return this.keepNewer(primary);
    if (primary && !primary.damaged) {
      this.add(primary.records);
      return { problems: [], damaged: false };
    }
    const backup = await this.read(`${this.path}.bak`, `${file}.bak`);
    const fromBackup = typeof backup === 'object' && backup.newerVersion === undefined ? backup.records : [];
    if (!primary) {
      if (backup === undefined) return { problems: [], damaged: false }; // first run
      if (typeof backup === 'object' && backup.newerVersion !== undefined) return this.keepNewer(backup);
      this.add(fromBackup);
      this.dirty = true;
      const extra = typeof backup === 'string' ? [backup] : backup.problems;
      return { problems: [`${file} was missing; ${fromBackup.length} records restored from ${file}.bak`, ...extra], damaged: true };
    }
    this.primaryDamaged = true;
    this.dirty = true;
    this.add(primary.records);
    const before = this.records.size;
    for (const r of fromBackup) if (!this.records.has(this.spec.key(r))) this.records.set(this.spec.key(r), r);
    const restored = this.records.size - before;
    return {
      problems: [...primary.problems, ...(restored ? [`${restored} records restored from ${file}.bak`] : [])],
      damaged: true,
    };
  }

  /** Queues a write of the current records; resolves when they are on disk. */
  save(): Promise<void> {
    const run = this.chain.then(() => this.write());
    this.chain = run.catch(() => undefined);
    return run;
  }

  markDirty(): void {
    this.dirty = true;
  }

  private async write(): Promise<void> {
    if (!this.dirty || this.readOnly) return;
    this.dirty = false;
    const text = encodeLines(this.spec.name, [...this.records.values()]);
    try {
      await writeFileAtomic(this.path, text, { backupPath: `${this.path}${this.primaryDamaged ? '.damaged' : '.bak'}` });
      this.primaryDamaged = false;
    } catch (e) {
      this.dirty = true;
      throw new Error(`Could not save ${this.spec.file}: ${errorMessage(e)}`, { cause: e });
    }
  }

  private add(records: readonly T[]): void {
    for (const r of records) this.records.set(this.spec.key(r), r);
  }

  private keepNewer(decoded: Decoded<T>): LoadReport {
    this.readOnly = true;
    return { problems: decoded.problems, damaged: false };
  }

  /** A file that exists but cannot be read (permissions, a directory in its place) is left alone. */
  private loadProblem(problem: string): LoadReport {
    this.readOnly = true;
    return { problems: [problem], damaged: true };
  }

  /** Decoded file, undefined when absent, or a problem in words when it cannot be read at all. */
  private async read(path: string, file: string): Promise<Decoded<T> | string | undefined> {
    let text: string | undefined;
    try {
      text = await readTextIfExists(path);
    } catch (e) {
      return `${file} could not be read (${errorMessage(e)}); it is left as it is and changes are not saved to it`;
    }
    return text === undefined ? undefined : decodeLines(text, file, this.spec.name, this.spec.guard);
  }
}

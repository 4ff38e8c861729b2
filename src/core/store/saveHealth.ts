// Whether the store's changes reach the disk. The store (store.ts) records each save's outcome here,
// per collection; a collection counts as failing while its last save failed and it still has changes
// that are not on disk. While any does, the state is "failing" (with the first reason and file, since
// when, how many tries) and the store tries again with a growing delay; once every change is on disk
// it is "saved" again. Listeners (the extension's status bar item) hear every change of state.
import { errorMessage } from '../errors';

export type SaveState =
  | { readonly kind: 'saved' }
  | {
      readonly kind: 'failing';
      /** Why, in words, e.g. "Could not save outbox.jsonl: ENOSPC: no space left on device". */
      readonly reason: string;
      /** The file that could not be written (or the lock file another window kept). */
      readonly file: string;
      /** When the first failed save of this run of failures happened (epoch ms). */
      readonly since: number;
      /** Failed tries in a row. */
      readonly attempts: number;
      /** When the store tries again by itself (epoch ms). */
      readonly nextTryAt: number;
    };

export type SaveStateListener = (state: SaveState) => void;

export interface RetryOptions {
  /** Delay before the first retry after a failed save; it doubles with each failure. Default 1 s. */
  readonly retryBaseMs?: number;
  /** The longest delay between retries. Default 30 s. */
  readonly retryMaxMs?: number;
}

interface Failure {
  readonly reason: string;
  readonly file: string;
}

export class SaveHealth {
  private readonly failures = new Map<string, Failure>();
  private current: SaveState = { kind: 'saved' };
  private readonly listeners = new Set<SaveStateListener>();
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(
    options: RetryOptions,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.baseMs = options.retryBaseMs ?? 1000;
    this.maxMs = options.retryMaxMs ?? 30_000;
  }

  get state(): SaveState {
    return this.current;
  }

  onChange(listener: SaveStateListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Records how saving `key` (a collection) went: failed with `reason`, or (undefined) written or nothing to write. */
  record(key: string, reason: string | undefined, file: string): void {
    if (reason === undefined) this.failures.delete(key);
    else this.failures.set(key, { reason, file });
  }

  /**
   * Ends one save (`tried`: something was to be written) and tells listeners what changed. Returns
   * when to try again (ms from now) while saving fails, else undefined.
   */
  settle(tried: boolean): number | undefined {
    const before = this.current;
    const first = this.failures.values().next();
    if (first.done) {
      this.current = { kind: 'saved' };
      if (before.kind === 'failing') this.log(`saved again after ${before.attempts} failed ${before.attempts === 1 ? 'try' : 'tries'}`);
    } else {
      const attempts = before.kind === 'failing' ? before.attempts + (tried ? 1 : 0) : 1;
      const delay = Math.min(this.baseMs * 2 ** Math.min(attempts - 1, 20), this.maxMs);
      const since = before.kind === 'failing' ? before.since : this.now();
      const nextTryAt = tried || before.kind === 'saved' ? this.now() + delay : before.nextTryAt;
      this.current = { kind: 'failing', reason: first.value.reason, file: first.value.file, since, attempts, nextTryAt };
      if (before.kind === 'saved') this.log(`changes are not saved (${first.value.reason}); kept in memory and tried again`);
    }
    const news =
      before.kind !== this.current.kind || (before.kind === 'failing' && this.current.kind === 'failing' && (tried || before.reason !== this.current.reason));
    if (news) this.emit();
    return this.current.kind === 'failing' ? Math.max(0, this.current.nextTryAt - this.now()) : undefined;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.current);
      } catch (e) {
        this.log(`a save state listener failed: ${errorMessage(e)}`);
      }
    }
  }
}

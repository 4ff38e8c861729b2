// Loads dist/pairs.cjs (lazy.ts) once, on the first pair command or after the first read of the pairs.
import type * as Lazy from './lazy';

let loading: Promise<typeof Lazy> | undefined;

export function loadPairs(): Promise<typeof Lazy> {
  loading ??= import('./lazy');
  return loading;
}

// Checks that a parser of untrusted text runs in linear time: the same adversarial shape at n and at
// 4n characters, timed in the same run. Linear code takes about 4× as long at 4n, quadratic code
// 16×; the check fails above 9× — a ratio, never an absolute time, so a busy machine slows both
// sizes alike. Each size is timed several times and the fastest run counts (noise only adds time).
import { performance } from 'node:perf_hooks';

export const GROWTH_LIMIT = 9;

/** The fastest of `runs` timings of `work(input)`, in milliseconds. */
export function fastest(work: (input: string) => unknown, input: string, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work(input);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** `unit` repeated (and cut) to exactly `length` characters, between `prefix` and `suffix`. */
export function grow(unit: string, length: number, prefix = '', suffix = ''): string {
  const body = unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length);
  return prefix + body + suffix;
}

export interface Growth {
  readonly small: number;
  readonly large: number;
  readonly ratio: number;
  /** False when even 64n was too fast to time: then the ratio is noise, and the input cannot be slow. */
  readonly timed: boolean;
}

/**
 * Times `work` on the shape at `n` and `4n` characters. Inputs too fast to time well (under half a
 * millisecond at n) are grown until they are not; one still that fast at 64n cannot be quadratic
 * (a quadratic parser takes seconds there) and counts as linear.
 */
export function growth(work: (input: string) => unknown, shape: (length: number) => string, n = 8_000): Growth {
  let size = n;
  let small = fastest(work, shape(size));
  while (small < 0.5 && size < 64 * n) {
    size *= 4;
    small = fastest(work, shape(size));
  }
  const large = fastest(work, shape(4 * size));
  return { small, large, ratio: large / Math.max(small, 0.01), timed: small >= 0.5 || large >= 5 };
}

/** Throws when `work` grows faster than linear on `shape`; the message says by how much. */
export function assertLinear(work: (input: string) => unknown, shape: (length: number) => string, label: string, n?: number): Growth {
  // One warm-up run so the JIT has compiled `work` before the timed runs.
  work(shape(1_000));
  let result = growth(work, shape, n);
  // A ratio above the limit is measured once more before it counts: one descheduling can double a run.
  if (result.timed && result.ratio > GROWTH_LIMIT) result = growth(work, shape, n);
  if (result.timed && result.ratio > GROWTH_LIMIT) {
    throw new Error(
      `${label}: 4× the input took ${result.ratio.toFixed(1)}× the time (${result.small.toFixed(2)} ms → ${result.large.toFixed(2)} ms); linear is about 4×`,
    );
  }
  return result;
}

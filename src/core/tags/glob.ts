// Small glob matching for exclude lists (`**/vendor/**`, `*.min.js`, `{build,out}`), as in VS Code's
// `files.exclude`: a pattern without a slash matches a file or folder name at any depth.
// The patterns come from settings, which a repository you open can set (its .vscode/settings.json),
// so they are hostile too (SECURITY.md): a glob compiled to a regular expression (`*a*a*a*b` →
// `[^/]*a[^/]*a…`) backtracks exponentially. Here a pattern is a list of steps run as a set of
// states over the path: time is (path length × pattern length), whatever the pattern.
import { trimEndChar } from '../strings';

export type PathMatcher = (relativePath: string) => boolean;

/** Brace alternatives beyond this many are not expanded (the pattern then matches nothing). */
const MAX_ALTERNATIVES = 256;
/** Longer patterns are ignored: no exclude pattern in practice is this long. */
const MAX_PATTERN = 1_000;

type Step =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'one' } // `?`: one character of a name
  | { readonly kind: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly kind: 'name' } // `*`: any characters of a name
  | { readonly kind: 'any' } // `**` not followed by `/`: anything
  | { readonly kind: 'folders' }; // `**/`: no folder or any folders

/** A matcher for workspace-relative paths with forward slashes; true when any pattern matches. */
export function globMatcher(patterns: readonly string[]): PathMatcher {
  const compiled = patterns
    .map((p) => trimEndChar(p.trim().replace(/^\.\//, ''), '/'))
    .filter((p) => p !== '' && p.length <= MAX_PATTERN)
    .flatMap((p) => expandBraces(p).map((alt) => ({ byName: !p.includes('/'), steps: compile(alt) })));
  if (compiled.length === 0) return () => false;
  return (relativePath) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return compiled.some(({ byName, steps }) => matches(steps, byName ? name : relativePath));
  };
}

/** `{a,b}c` → `ac`, `bc` (nested too); an unclosed brace is literal text. Capped at MAX_ALTERNATIVES. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    const ch = glob.charAt(i);
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) close = i;
    else if (ch === ',' && depth === 1) commas.push(i);
  }
  // Unclosed: as before, what follows the brace is one group running to the end.
  if (close < 0) close = glob.length;
  const bounds = [open, ...commas, close];
  const head = glob.slice(0, open);
  const tails = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const middle of expandBraces(glob.slice((bounds[k] ?? 0) + 1, bounds[k + 1]))) {
      for (const tail of tails) {
        if (out.length >= MAX_ALTERNATIVES) return [];
        out.push(head + middle + tail);
      }
    }
  }
  return out;
}

function compile(glob: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i);
    if (ch === '*') {
      if (glob.charAt(i + 1) === '*') {
        const slash = glob.charAt(i + 2) === '/';
        steps.push({ kind: slash ? 'folders' : 'any' });
        i += slash ? 2 : 1;
      } else steps.push({ kind: 'name' });
    } else if (ch === '?') steps.push({ kind: 'one' });
    else if (ch === '[' && glob.indexOf(']', i + 1) > i + 1) {
      const close = glob.indexOf(']', i + 1);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let k = 0; k < body.length; k++) {
        const from = body.charAt(k);
        if (body.charAt(k + 1) === '-' && k + 2 < body.length) {
          ranges.push([from, body.charAt(k + 2)]);
          k += 2;
        } else ranges.push([from, from]);
      }
      steps.push({ kind: 'class', negate, ranges });
      i = close;
    } else steps.push({ kind: 'char', ch });
  }
  return steps;
}

function accepts(step: Step, ch: string): boolean {
  switch (step.kind) {
    case 'char':
      return step.ch === ch;
    case 'one':
      return ch !== '/';
    case 'class':
      return ch !== '/' && step.ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== step.negate;
    default:
      return false;
  }
}

/**
 * Runs the steps over `text` as a set of states. State 2k is "before step k"; 2k+1 is "inside the
 * folders of a globstar-slash step k". Each character moves every state once.
 */
function matches(steps: readonly Step[], text: string): boolean {
  const size = 2 * steps.length + 2;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  const add = (set: Uint8Array, state: number): void => {
    if (set[state]) return;
    set[state] = 1;
    const k = state >> 1;
    const step = steps[k];
    // Steps that may match nothing let the next step start here too.
    if ((state & 1) === 0 && step && (step.kind === 'name' || step.kind === 'any' || step.kind === 'folders')) add(set, 2 * (k + 1));
  };
  add(current, 0);
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    next.fill(0);
    for (let state = 0; state < size; state++) {
      if (!current[state]) continue;
      const k = state >> 1;
      const step = steps[k];
      if (!step) continue;
      if (state & 1) {
        // Inside `**/`: any character stays; a `/` may also end the folders.
        add(next, state);
        if (ch === '/') add(next, 2 * (k + 1));
      } else if (step.kind === 'name') {
        if (ch !== '/') add(next, state);
      } else if (step.kind === 'any') add(next, state);
      else if (step.kind === 'folders') {
        add(next, state | 1);
        if (ch === '/') add(next, 2 * (k + 1));
      } else if (accepts(step, ch)) add(next, 2 * (k + 1));
    }
    [current, next] = [next, current];
  }
  return current[2 * steps.length] === 1;
}

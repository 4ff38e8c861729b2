// Where an ask's anchor is in the current text. In order of trust: the diff says the lines are
// untouched and the text agrees (exact, or moved by edits above); the very same text is somewhere
// else, once (moved); the diff says the lines were edited and they still look alike (changed);
// a fuzzy search finds one clearly similar place (changed); else lost — never a guess.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasCommit, hunksSince, pathNow, textAtCommit } from '../git/renames';
import { alignLocal, windowSimilarity } from './align';
import { acceptable, ambiguous, candidates, SearchText, snippetWeight, type FoundWindow } from './fuzzy';
import { diffLines } from './lineDiff';
import { blockEnd, blockStyleOf } from './structure';
import { lineTouched, mapRange } from './map';
import { lineSimilarity, PreparedText, prepareLine, splitLines } from './text';
import type { AnchorInput, AnchorPlace, AnchorStatus, Hunk } from './types';

/** The diff's own place is taken when the lines there are at least this similar… */
const LOCAL_SURE = 0.8;
/** …and, when nothing elsewhere is clearly better, down to this. */
const LOCAL_MIN = 0.5;
/** Lines the diff brackets (first and last untouched) need only this much likeness. */
const BRACKETED_MIN = 0.3;
/** A fuzzy place elsewhere must beat the diff's place by this much. */
const ELSEWHERE_MARGIN = 0.1;
/** A block's structure decides its end when its first line is at least this like the snippet's. */
const STRUCTURE_FIRST_LINE = 0.5;
/** Context this similar confirms a short snippet found verbatim somewhere else. */
const CONTEXT_AGREES = 0.5;

export function resolveAnchor(anchor: AnchorInput, currentText: string, hunks?: readonly Hunk[]): AnchorPlace {
  return resolveIn(anchor, SearchText.of(currentText), hunks);
}

/** resolveAnchor over a document prepared once (several anchors in one file). */
export function resolveIn(anchor: AnchorInput, doc: SearchText, hunks?: readonly Hunk[]): AnchorPlace {
  const lines = doc.text.lines;
  const snippet = splitLines(anchor.snippet);
  const k = snippet.length;
  const lost: AnchorPlace = { id: anchor.id, status: 'lost', path: anchor.path };
  const place = (status: AnchorStatus, start: number, end: number, confidence: number): AnchorPlace => ({
    id: anchor.id,
    status,
    path: anchor.path,
    startLine: start + 1,
    endLine: end + 1,
    confidence: Math.round(confidence * 1000) / 1000,
  });
  if (k === 0) return lost;
  const equalAt = (p: number) => p >= 0 && p + k <= lines.length && snippet.every((l, i) => lines[p + i] === l);
  const same = (p: number) => place(p + 1 === anchor.startLine ? 'exact' : 'moved', p, p + k - 1, 1);
  // A fuzzy window that turns out to hold the very text is a move, not a change. A whole block
  // (a function) ends where its structure says when that differs from the lines' likeness.
  const style = blockStyleOf(snippet);
  // Where the diff fixed the end, only shrinking: it can pair the block's `}` with a later one.
  const structured = (w: FoundWindow, fixedEnd: boolean): FoundWindow => {
    if (!style || lineSimilarity(prepareLine(snippet[0]), doc.text.at(w.start)) < STRUCTURE_FIRST_LINE) return w;
    const end = blockEnd(lines, w.start, style, Math.max(3 * k, k + 50));
    if (end === undefined || end === w.end || (fixedEnd && end > w.end)) return w;
    return { ...w, end, similarity: windowSimilarity(new PreparedText(snippet), doc.text, w.start, end) };
  };
  const changed = (found: FoundWindow, fixedEnd = false) => {
    const w = structured(found, fixedEnd);
    return w.end - w.start + 1 === k && equalAt(w.start) ? same(w.start) : place('changed', w.start, w.end, w.similarity);
  };

  // 1. The diff's place, untouched and the same text.
  const mapped = hunks ? mapRange(hunks, anchor.startLine, anchor.endLine) : { startLine: anchor.startLine, endLine: anchor.endLine, touched: false };
  if (mapped && !mapped.touched && equalAt(mapped.startLine - 1)) return same(mapped.startLine - 1);

  // 2. The same text elsewhere: taken when it is there once (a short snippet also needs its
  // context), or when its context singles out one of several copies.
  const short = snippetWeight(anchor.snippet) < 12;
  const hasContext = (anchor.before?.length ?? 0) + (anchor.after?.length ?? 0) > 0;
  const copies: number[] = [];
  for (let p = 0; p + k <= lines.length; p++) if (lines[p] === snippet[0] && equalAt(p)) copies.push(p);
  if (copies.length > 0) {
    const scored = copies.map((p) => ({ p, context: hasContext ? contextOf(doc.text, anchor, p, p + k - 1) : 0 }));
    scored.sort((x, y) => y.context - x.context);
    const [best, second] = scored;
    if (copies.length === 1 && (!short || !hasContext || best.context >= CONTEXT_AGREES)) return same(best.p);
    if (copies.length > 1 && hasContext && best.context >= CONTEXT_AGREES && best.context - second.context > 0.2) return same(best.p);
  }

  // 3. The diff says the lines were edited: its place where the first and last lines are untouched,
  // else where the snippet aligns with the lines it put there. With both untouched the diff
  // brackets the lines itself (a function whose body was rewritten is still that function).
  const snippetText = new PreparedText(snippet);
  let local: FoundWindow | undefined;
  let localEndFixed = false;
  if (hunks && mapped && mapped.touched) {
    const startFixed = !lineTouched(hunks, anchor.startLine);
    const endFixed = !lineTouched(hunks, anchor.endLine);
    const aligned =
      startFixed && endFixed ? undefined : alignLocal(snippetText, doc.text, mapped.startLine - 1 - 2, mapped.endLine - 1 + 2, mapped.endLine - 1);
    const start = startFixed ? mapped.startLine - 1 : aligned?.start;
    const end = endFixed ? mapped.endLine - 1 : aligned?.end;
    if (start !== undefined && end !== undefined && end >= start) {
      const similarity = windowSimilarity(snippetText, doc.text, start, end);
      local = { start, end, similarity, score: similarity };
      localEndFixed = endFixed;
      if (startFixed && endFixed && k >= 3 && similarity >= BRACKETED_MIN) return changed(local, true);
      if (similarity >= LOCAL_SURE) return changed(local, endFixed);
    }
  }

  // 4. Anywhere in the file, fuzzily.
  const all = candidates(doc, anchor);
  const best = all[0];
  const global = best && acceptable(best, snippetWeight(anchor.snippet)) && !ambiguous(best, all) ? best : undefined;
  const localOk = local !== undefined && local.similarity >= (short ? 0.6 : LOCAL_MIN);
  if (global && (!localOk || global.similarity > local!.similarity + ELSEWHERE_MARGIN)) return changed(global);
  if (localOk) return changed(local!, localEndFixed);
  return lost;
}

/** How well the anchor's context lines match around doc lines start..end (0–1). */
function contextOf(doc: PreparedText, anchor: AnchorInput, start: number, end: number): number {
  let matched = 0;
  let total = 0;
  const check = (want: string, at: number) => {
    const w = prepareLine(want);
    if (w.weight === 0) return;
    total += w.weight;
    if (at >= 0 && at < doc.length && lineSimilarity(w, doc.at(at)) >= 0.5) matched += w.weight;
  };
  const before = anchor.before ?? [];
  before.forEach((line, i) => check(line, start - (before.length - i)));
  (anchor.after ?? []).forEach((line, i) => check(line, end + 1 + i));
  return total > 0 ? matched / total : 0;
}

/**
 * Resolves an anchor against the work tree of the repository at `repoDir` (its root): follows the
 * file through renames since the anchor's commit and maps the lines through the diff from that
 * commit to `currentText` (the file's text now, saved or not). Falls back to the fuzzy search when
 * this clone does not know the commit. git runs asynchronously, each call bounded in time.
 */
export async function resolveWithGit(repoDir: string, anchor: AnchorInput, currentText: string): Promise<AnchorPlace> {
  const fuzzyOnly = () => resolveAnchor(anchor, currentText);
  try {
    if (!anchor.commit || !(await hasCommit(repoDir, anchor.commit))) return fuzzyOnly();
    const now = (await pathNow(repoDir, anchor.commit, anchor.path)) ?? anchor.path;
    const moved = (place: AnchorPlace): AnchorPlace => ({ ...place, path: now });
    // git diffs the saved file; an unsaved buffer is diffed here against the file at the commit.
    const saved = await readFile(path.join(repoDir, now), 'utf8').catch(() => undefined);
    let hunks: readonly Hunk[] | undefined;
    if (saved !== undefined && sameText(saved, currentText)) hunks = await hunksSince(repoDir, anchor.commit, anchor.path, now);
    if (!hunks) {
      const then = await textAtCommit(repoDir, anchor.commit, anchor.path);
      if (then === undefined) return moved(fuzzyOnly());
      hunks = diffLines(splitLines(then), splitLines(currentText));
    }
    return moved(resolveAnchor(anchor, currentText, hunks));
  } catch {
    return fuzzyOnly(); // git could not run at all
  }
}

const sameText = (a: string, b: string) => a === b || a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');

// Where an anchor's code went when it left its file (the file deleted, split, or the code moved to
// another): searched for in the files changed since the anchor's commit, by content. Declining beats
// guessing: the snippet must say enough to be told apart, a verbatim copy must be in one file only,
// and an edited one must be clearly alike and clearly better than anything in the other files.
import { snippetWeight, type SearchText } from './fuzzy';
import { resolveIn } from './resolve';
import { splitLines } from './text';
import type { AnchorInput, AnchorPlace } from './types';

/** Snippets saying less than this (a brace, `return x;`) are never looked for in other files… */
export const CROSS_MIN_WEIGHT = 4;
/** …and below this only a verbatim copy counts, with the lines around it agreeing (resolveIn's rule for short snippets). */
const SHORT_WEIGHT = 12;
/** An edited copy in another file must be at least this similar… */
const EDITED_MIN = 0.8;
/** …and beat the best place in any other file by this much. */
const MARGIN = 0.15;
/** Lines shorter than this (trimmed) do not pick the files worth aligning against. */
const PROBE_LENGTH = 10;

export interface Candidate {
  readonly path: string;
  readonly text: string;
  /** The text prepared for the search, shared between anchors. */
  readonly doc: () => SearchText;
}

/**
 * The one place among `files` holding the anchor's code: `moved` (verbatim) or, unless
 * `verbatimOnly`, `changed` (edited), with the file's path; undefined when none or several could be it.
 */
export function searchElsewhere(anchor: AnchorInput, files: readonly Candidate[], verbatimOnly = false): AnchorPlace | undefined {
  const weight = snippetWeight(anchor.snippet);
  if (weight < CROSS_MIN_WEIGHT) return undefined;
  const hasContext = (anchor.before?.length ?? 0) + (anchor.after?.length ?? 0) > 0;
  if (weight < SHORT_WEIGHT && !hasContext) return undefined;
  if (weight < SHORT_WEIGHT) verbatimOnly = true;
  const probes = [...new Set(splitLines(anchor.snippet).map((l) => l.trim()))].filter((l) => l.length >= PROBE_LENGTH);
  if (probes.length === 0) return undefined;
  const verbatim: AnchorPlace[] = [];
  const edited: AnchorPlace[] = [];
  for (const file of files) {
    if (!probes.some((p) => file.text.includes(p))) continue; // shares no line with the snippet
    const place = resolveIn(anchor, file.doc());
    if (place.status === 'lost') continue;
    const here = { ...place, path: file.path };
    if (place.confidence === 1) verbatim.push({ ...here, status: 'moved' });
    else edited.push({ ...here, status: 'changed' });
  }
  if (verbatim.length === 1) return verbatim[0];
  if (verbatim.length > 1 || verbatimOnly) return undefined; // copies in several files: which one is it?
  edited.sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
  const [best, second] = edited;
  if (!best || (best.confidence ?? 0) < EDITED_MIN) return undefined;
  if (second && (best.confidence ?? 0) - (second.confidence ?? 0) < MARGIN) return undefined;
  return best;
}

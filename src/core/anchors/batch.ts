// Resolving many anchors of one repository together (ARCHITECTURE.md, "Anchors"): one
// `cat-file --batch-check` for HEAD and every anchor's commit, then per commit pair (anchor's
// commit → HEAD) one list of changed files and one `git diff -U0` for all the files its anchors sit
// in — cached by the commits' ids, so the next resolution of the same asks runs no diff at all —
// and one `cat-file --batch` for the files' texts at HEAD. The uncommitted edits (saved or not) are
// diffed in-process against HEAD's text and chained onto the commit pair's hunks. Code that left its
// file is looked for in the files changed since the anchor's commit (crossFile.ts).
import { CommitDiffs, type NameStatus } from '../git/commitDiff';
import { pathNow } from '../git/renames';
import { composeHunks } from './compose';
import { searchElsewhere, type Candidate } from './crossFile';
import { SearchText } from './fuzzy';
import { diffLines } from './lineDiff';
import { resolveIn } from './resolve';
import { splitLines } from './text';
import type { AnchorInput, AnchorPlace, Hunk } from './types';

/** The text of a file now (an open editor's, saved or not, else the disk's); undefined when there is none. */
export type TextOf = (path: string) => Promise<string | undefined>;

/** A place in the anchor's own file below this similarity gives way to a verbatim copy in another file. */
const WEAK = 0.7;
/** Changed files searched for an anchor whose code left its file (same extension first), and their size. */
const MAX_CANDIDATES = 2_000;
const MAX_CANDIDATE_CHARS = 1024 * 1024;
const extensionOf = (p: string) => p.slice(p.lastIndexOf('.') + 1);
/** Lines of context taken each side from the file at the anchor's commit. */
const CONTEXT = 3;

/** The anchor with the lines around it at its commit, when they still hold its snippet there. */
function withContext(anchor: AnchorInput, then: readonly string[]): AnchorInput {
  const start = anchor.startLine - 1;
  const end = anchor.endLine - 1;
  if (then.slice(start, end + 1).join('\n') !== splitLines(anchor.snippet).join('\n')) return anchor;
  return { ...anchor, before: then.slice(Math.max(0, start - CONTEXT), start), after: then.slice(end + 1, end + 1 + CONTEXT) };
}

interface Planned {
  readonly anchor: AnchorInput;
  /** The commit's full id, when this clone has it. */
  readonly commit?: string;
  /** Where the file is now, and whether HEAD has it there. */
  now?: string;
  atHead?: boolean;
}

export class AnchorResolver {
  constructor(readonly diffs: CommitDiffs = new CommitDiffs()) {}

  /**
   * Where each anchor is in the work tree of the repository at `root`: exact, moved (maybe to
   * another path), changed, or lost. Anchors without a commit this clone knows are found by their
   * text alone. Never rejects: when git cannot run, the text search still places what it can.
   */
  async resolveAll(root: string, anchors: readonly AnchorInput[], textOf: TextOf): Promise<Map<string, AnchorPlace>> {
    const reads = new Map<string, Promise<string | undefined>>();
    const read = (p: string) => {
      let r = reads.get(p);
      if (!r) reads.set(p, (r = textOf(p).catch(() => undefined)));
      return r;
    };
    const docs = new Map<string, SearchText>();
    const docOf = (p: string, text: string) => {
      let d = docs.get(p);
      if (!d) docs.set(p, (d = SearchText.of(text)));
      return d;
    };
    const out = new Map<string, AnchorPlace>();
    const place = async (anchor: AnchorInput, now: string, hunks?: readonly Hunk[]) => {
      const text = await read(now);
      const placed: AnchorPlace =
        text === undefined ? { id: anchor.id, status: 'lost', path: now } : { ...resolveIn(anchor, docOf(now, text), hunks), path: now };
      out.set(anchor.id, placed);
    };

    let head: string | undefined;
    let ids = new Map<string, string>();
    try {
      ({ head, ids } = await this.diffs.commitIds(
        root,
        anchors.flatMap((a) => (a.commit ? [a.commit] : [])),
      ));
    } catch {
      head = undefined; // git could not start: the text alone
    }
    const planned: Planned[] = anchors.map((anchor) => {
      const commit = anchor.commit ? ids.get(anchor.commit) : undefined;
      return commit && head ? { anchor, commit } : { anchor };
    });
    for (const p of planned) if (!p.commit) await place(p.anchor, p.anchor.path);
    const withGit = planned.filter((p) => p.commit !== undefined);
    if (!head || withGit.length === 0) return out;
    const headId = head;

    // Where each file is now: itself, or where a rename since the commit took it.
    const pairs = [...new Set(withGit.map((p) => p.commit!))];
    const changes = new Map<string, readonly NameStatus[] | undefined>();
    await Promise.all(pairs.map(async (c) => changes.set(c, c === headId ? [] : await this.diffs.changes(root, c, headId).catch(() => undefined))));
    for (const p of withGit) {
      const entry = changes.get(p.commit!)?.find((c) => c.from === p.anchor.path && c.status !== 'C');
      const target = entry?.status === 'R' ? entry.to : entry?.status === 'D' ? undefined : p.anchor.path;
      if (target !== undefined && (await read(target)) !== undefined) {
        p.now = target;
        p.atHead = true;
      } else if ((await read(p.anchor.path)) !== undefined) {
        p.now = p.anchor.path; // deleted at HEAD, back in the work tree
      } else {
        // Renamed since HEAD, not committed yet (git diff against the work tree sees a staged rename).
        const moved = await pathNow(root, p.commit!, p.anchor.path).catch(() => undefined);
        if (moved !== undefined && (await read(moved)) !== undefined) p.now = moved;
      }
    }

    // The commit pairs' hunks (one diff per pair, cached) and the texts at HEAD (one cat-file).
    const hunksByPair = new Map<string, Map<string, readonly Hunk[]>>();
    await Promise.all(
      pairs.map(async (c) => {
        const files = withGit.filter((p) => p.commit === c && p.atHead && c !== headId).map((p) => ({ old: p.anchor.path, now: p.now! }));
        const none = new Map<string, readonly Hunk[]>();
        hunksByPair.set(c, files.length > 0 ? await this.diffs.hunks(root, c, headId, files).catch(() => none) : none);
      }),
    );
    const located = withGit.filter((p) => p.now !== undefined);
    const atHead = await this.diffs.texts(
      root,
      located.filter((p) => p.atHead).map((p) => ({ commit: headId, path: p.now! })),
    );
    const committed = (p: Planned): readonly Hunk[] | undefined => (p.commit === headId ? [] : hunksByPair.get(p.commit!)?.get(p.now!));
    // Without both, the file as it was at the anchor's commit is diffed against the text now.
    const fallback = located.filter((p) => !p.atHead || committed(p) === undefined || !atHead.has(`${headId}:${p.now}`));
    const then = await this.diffs.texts(
      root,
      fallback.map((p) => ({ commit: p.commit!, path: p.anchor.path })),
    );
    const edits = new Map<string, readonly Hunk[]>(); // HEAD → now, per file
    for (const p of located) {
      const text = (await read(p.now!)) ?? '';
      const headText = atHead.get(`${headId}:${p.now}`);
      const first = committed(p);
      let hunks: readonly Hunk[] | undefined;
      if (p.atHead && headText !== undefined && first !== undefined) {
        let second = edits.get(p.now!);
        if (!second) edits.set(p.now!, (second = headText === text ? [] : diffLines(splitLines(headText), splitLines(text))));
        hunks = composeHunks(first, second);
      } else {
        const old = then.get(`${p.commit}:${p.anchor.path}`);
        hunks = old === undefined ? undefined : diffLines(splitLines(old), splitLines(text));
      }
      await place(p.anchor, p.now!, hunks);
    }
    for (const p of withGit) if (p.now === undefined) out.set(p.anchor.id, { id: p.anchor.id, status: 'lost', path: p.anchor.path });

    // Code that left its file (deleted, split, moved out): looked for in the files changed since the
    // anchor's commit, committed or not. A weak place in its own file gives way only to a verbatim copy.
    const weak = withGit.filter((p) => {
      const o = out.get(p.anchor.id);
      return o !== undefined && (o.status === 'lost' || (o.status === 'changed' && (o.confidence ?? 0) < WEAK));
    });
    if (weak.length === 0) return out;
    const uncommitted = await this.diffs.uncommitted(root).catch(() => [] as string[]);
    // The lines around each anchor then (from its file at the commit) tell copies in other files apart.
    const oldTexts = await this.diffs.texts(
      root,
      weak.map((p) => ({ commit: p.commit!, path: p.anchor.path })),
    );
    for (const p of weak) {
      const then = oldTexts.get(`${p.commit}:${p.anchor.path}`);
      const anchor = p.anchor.before || p.anchor.after || then === undefined ? p.anchor : withContext(p.anchor, splitLines(then));
      const committedPaths = (changes.get(p.commit!) ?? []).filter((c) => c.status !== 'D').map((c) => c.to);
      const ext = extensionOf(p.anchor.path);
      const paths = [...new Set([...committedPaths, ...uncommitted])]
        .filter((f) => f !== p.anchor.path && f !== p.now)
        .sort((a, b) => Number(extensionOf(b) === ext) - Number(extensionOf(a) === ext))
        .slice(0, MAX_CANDIDATES);
      const files: Candidate[] = [];
      for (const f of paths) {
        const text = await read(f);
        if (text !== undefined && text.length <= MAX_CANDIDATE_CHARS) files.push({ path: f, text, doc: () => docOf(f, text) });
      }
      const found = searchElsewhere(anchor, files, out.get(p.anchor.id)?.status !== 'lost');
      if (found) out.set(p.anchor.id, found);
    }
    return out;
  }
}

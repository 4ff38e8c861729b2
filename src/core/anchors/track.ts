// Anchors in one open document following its edits as they happen (LSP content changes), without
// reading the text: each change shifts the anchors below it, and one that overlaps an anchor marks
// it touched and stretches it over the new text. O(anchors) per change, no allocation per anchor.
//
// Without line lengths, an insertion at the end of an anchor's last line (Enter there) cannot be told
// from one in its middle: it counts as touching the line and the anchor grows to the new line.

export interface TrackedPlace {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** An edit changed a line of the anchor, or added or removed lines inside it, since tracking began. */
  readonly touched: boolean;
}

/** A change as in TextDocumentContentChangeEvent: a 0-based range and the text that replaced it. */
export interface LineChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

export class AnchorTracker {
  private readonly ids: string[];
  // 0-based lines, in typed arrays: a change walks them all.
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly touched: Uint8Array;
  private lines: number;

  constructor(lineCount: number, anchors: readonly { id: string; startLine: number; endLine: number }[]) {
    this.lines = Math.max(1, lineCount);
    this.ids = anchors.map((a) => a.id);
    this.starts = Int32Array.from(anchors, (a) => a.startLine - 1);
    this.ends = Int32Array.from(anchors, (a) => Math.max(a.startLine, a.endLine) - 1);
    this.touched = new Uint8Array(anchors.length);
  }

  get lineCount(): number {
    return this.lines;
  }

  applyChange(change: LineChange): void {
    const cs = change.startLine;
    const ce = change.endLine;
    let inserted = 0;
    let lastBreak = -1;
    for (let i = change.text.indexOf('\n'); i >= 0; i = change.text.indexOf('\n', i + 1)) {
      inserted++;
      lastBreak = i;
    }
    if (cs === ce && change.startCharacter === change.endCharacter && change.text === '') return; // nothing changed
    const delta = inserted - (ce - cs);
    // Line ce keeps its whole text, only moved, when the change ends at its first character and
    // what lands before it ends with a line break: whole lines inserted or removed above it.
    const endLineIntact = change.endCharacter === 0 && (change.text === '' ? change.startCharacter === 0 : lastBreak === change.text.length - 1);
    const last = cs + inserted; // where the rest of line ce is now
    for (let a = 0; a < this.ids.length; a++) {
      const s = this.starts[a];
      const e = this.ends[a];
      if (cs > e) continue; // below the anchor
      if (ce < s || (ce === s && endLineIntact)) {
        // Above the anchor: it only shifts.
        this.starts[a] = s + delta;
        this.ends[a] = e + delta;
        continue;
      }
      // Overlapping: the anchor covers what replaced its lines.
      this.touched[a] = 1;
      const start = s < cs ? s : cs;
      let end: number;
      if (e > ce) end = e + delta;
      else if (e === ce || !endLineIntact) end = last;
      else end = last - 1; // line ce is after the anchor and intact
      this.starts[a] = start;
      this.ends[a] = Math.max(start, end);
    }
    this.lines = Math.max(1, this.lines + delta);
  }

  places(): ReadonlyMap<string, TrackedPlace> {
    const out = new Map<string, TrackedPlace>();
    for (let a = 0; a < this.ids.length; a++) {
      out.set(this.ids[a], { startLine: this.starts[a] + 1, endLine: this.ends[a] + 1, touched: this.touched[a] === 1 });
    }
    return out;
  }
}

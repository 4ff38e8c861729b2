// An unsent `ASK:` tag as it travels between the language server and the extension. The parser
// (src/core/tags/parse.ts) produces it; it lives here so the LSP messages need nothing from core.

export interface AskTag {
  /** 0-based line. */
  readonly line: number;
  /** Where the `ASK` keyword starts (UTF-16 code units, like LSP positions). */
  readonly startCharacter: number;
  /** The end of the question (a block comment's closer is left out). */
  readonly endCharacter: number;
  /** Who to ask; absent: the default partner. */
  readonly login?: string;
  readonly question: string;
}

// An `ASK:` tag found in a code comment, as the language server reports it to the extension.
// Here so the LSP messages can name it without src/shared importing src/core; src/core/tags/parse.ts finds tags.

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

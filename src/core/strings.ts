// Small string helpers written as loops, where a regular expression would backtrack on hostile text
// (a long run of the trimmed character followed by something else): linear by construction (SECURITY.md).

/** `text` without the trailing run of `char` (one UTF-16 code unit). */
export function trimEndChar(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text.charAt(end - 1) === char) end--;
  return text.slice(0, end);
}

/** `text` without the leading run of `char`. */
export function trimStartChar(text: string, char: string): string {
  let start = 0;
  while (start < text.length && text.charAt(start) === char) start++;
  return text.slice(start);
}

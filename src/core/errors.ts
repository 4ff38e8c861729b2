/** The text of anything thrown: an Error's message, or the value as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * GitHub's words without its documentation links (`… - https://docs.github.com/…`), ending with a
 * full stop: the sentence a notice shows. Word by word, linear on any message.
 */
export function withoutDocLinks(message: string): string {
  const kept: string[] = [];
  for (const word of message.split(/\s/)) {
    if (word === '') continue;
    if (/^https?:\/\//.test(word)) {
      if (kept.at(-1) === '-') kept.pop();
      continue;
    }
    kept.push(word);
  }
  const text = kept.join(' ');
  return text === '' || text.endsWith('.') ? text : `${text}.`;
}

// Topic lists written by either side of a pair are hostile text: they are shown in the tree, in
// notifications and quick picks, and written back into markers. They are capped and cleaned here,
// linearly (ARCHITECTURE.md §Security).

/** At most this many topics per list, each at most this many characters. */
export const MAX_TOPICS = 12;
export const MAX_TOPIC_LENGTH = 40;

/**
 * One topic cleaned: control, format and private-use characters dropped (bidi overrides, zero-width
 * joiners, NULs), runs of whitespace made one space, markdown and HTML punctuation that could change
 * how a label renders dropped, trimmed and cut to MAX_TOPIC_LENGTH.
 */
export function cleanTopic(raw: string): string {
  let out = '';
  let space = false;
  for (const ch of raw.slice(0, MAX_TOPIC_LENGTH * 4).normalize('NFC')) {
    if (/^\s$/u.test(ch)) {
      space = out.length > 0;
      continue;
    }
    if (/^[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}]$/u.test(ch) || '<>`*_[]()!|\\#~'.includes(ch)) continue;
    if (space) out += ' ';
    space = false;
    out += ch;
    if (out.length >= MAX_TOPIC_LENGTH) break;
  }
  return out.slice(0, MAX_TOPIC_LENGTH).trim();
}

/** A topic list from anything: strings only, cleaned, empty and duplicate (case-insensitive) ones dropped, capped. */
export function cleanTopics(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of value.slice(0, MAX_TOPICS * 4)) {
    if (typeof item !== 'string') continue;
    const topic = cleanTopic(item);
    if (!topic || seen.has(topic.toLowerCase())) continue;
    seen.add(topic.toLowerCase());
    out.push(topic);
    if (out.length >= MAX_TOPICS) break;
  }
  return out;
}

/** Topics typed as "testing, rust ,  ci" → cleaned list. */
export function topicsFromText(text: string): string[] {
  return cleanTopics(text.slice(0, MAX_TOPICS * MAX_TOPIC_LENGTH * 4).split(','));
}

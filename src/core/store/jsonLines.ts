// The store's file format: JSON Lines, one record per line between a header and a footer.
//   {"store":"mutual-mentor","collection":"asks","version":1}
//   {"id":"…","direction":"sent",…}
//   {"end":1}
// Why lines and not one JSON document: damage stays local. A truncated or scribbled-over file still
// yields every line that parses and passes its shape check; only the damaged lines are lost, and
// each is reported by line number. The footer's count tells a file cut exactly at a line break
// from a complete one. The header's version lets an older build refuse to overwrite a newer file.

export const STORE_VERSION = 1;
/** Ends the problem of a file that is never written (newer, or unreadable). */
export const KEPT_NOTE = '; it is left as it is and changes are not saved to it';
const STORE_NAME = 'mutual-mentor';

export interface Decoded<T> {
  readonly records: T[];
  /** What was wrong, in words, one entry per problem (empty when the file is intact). */
  readonly problems: string[];
  /** Something was lost or doubtful: the caller should fall back to the backup and re-sync. */
  readonly damaged: boolean;
  /** The file was written by a newer store version: nothing was read, and it must not be overwritten. */
  readonly newerVersion?: number;
}

export function encodeLines(collection: string, records: readonly unknown[]): string {
  const lines = [JSON.stringify({ store: STORE_NAME, collection, version: STORE_VERSION })];
  for (const r of records) lines.push(JSON.stringify(r));
  lines.push(JSON.stringify({ end: records.length }));
  return `${lines.join('\n')}\n`;
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short name for a dropped record, when one can be read from it. */
function label(value: unknown): string {
  if (!isRecord(value)) return '';
  const id = [value.id, value.nodeId, value.name].find((v) => typeof v === 'string');
  return typeof id === 'string' ? ` (${id.slice(0, 60)})` : '';
}

export function decodeLines<T>(text: string, file: string, collection: string, guard: (v: unknown) => v is T): Decoded<T> {
  const records: T[] = [];
  const problems: string[] = [];
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return { records, problems: [`${file} is empty`], damaged: true };

  let first = 0;
  const header = parse(lines[0] ?? '');
  if (isRecord(header) && header.store === STORE_NAME) {
    first = 1;
    const version = header.version;
    if (typeof version === 'number' && Number.isInteger(version) && version > STORE_VERSION) {
      return {
        records,
        problems: [`${file} was written by a newer Mutual Mentor (store version ${version})${KEPT_NOTE}`],
        damaged: false,
        newerVersion: version,
      };
    }
    if (header.collection !== collection || version !== STORE_VERSION) problems.push(`${file} has an unexpected header`);
  } else {
    problems.push(`${file} line 1: the header is unreadable`);
  }

  let seen = 0;
  let footer: number | undefined;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim()) continue;
    const value = parse(line);
    if (i === lines.length - 1 && isRecord(value) && Object.keys(value).length === 1 && typeof value.end === 'number') {
      footer = value.end;
      break;
    }
    seen++;
    if (value === undefined) problems.push(`${file} line ${i + 1}: not valid JSON, dropped`);
    else if (!guard(value)) problems.push(`${file} line ${i + 1}: not a valid ${collection} record${label(value)}, dropped`);
    else records.push(value);
  }
  if (footer === undefined) problems.push(`${file} ends early (truncated); ${records.length} records kept`);
  else if (footer !== seen) problems.push(`${file} should hold ${footer} records but has ${seen}`);
  return { records, problems, damaged: problems.length > 0 };
}

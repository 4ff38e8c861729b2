// Building blocks for the webview protocols' schemas (valibot: no eval or Function, so it runs under
// the pages' CSP). A schema gives both the message's type (v.InferOutput) and its guard (parser()).
// Text and lists have caps. A schema built to `check` refuses what is over a cap; one built to `fit`
// cuts it instead (the host fits what it sends, so one oversized item never costs a whole snapshot).
import * as v from 'valibot';

/** What a schema does with a value over a cap: refuse it, or make it fit. */
export type Caps = 'check' | 'fit';

/** A schema from anything to T (its input type is not used: every message arrives as unknown). */
export type Schema<T> = v.GenericSchema<unknown, T>;

/** A schema's guard: the value as the schema outputs it (unknown fields dropped), or undefined. */
export function parser<S extends Schema<unknown>>(schema: S): (value: unknown) => v.InferOutput<S> | undefined {
  return (value) => {
    const result = v.safeParse(schema, value, { abortEarly: true });
    return result.success ? result.output : undefined;
  };
}

/** Cuts text to max characters, the last one an ellipsis. */
const cut = (max: number) => (text: string) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Text of at most max characters; fitting cuts it (ending in …). */
export function text(max: number, caps: Caps = 'check'): Schema<string> {
  return caps === 'check' ? v.pipe(v.string(), v.maxLength(max)) : v.pipe(v.string(), v.transform(cut(max)));
}

/** Rendered HTML of at most max characters; fitting drops HTML too long to show whole (''), as cut HTML would be broken. */
export function html(max: number, caps: Caps = 'check'): Schema<string> {
  return caps === 'check'
    ? v.pipe(v.string(), v.maxLength(max))
    : v.pipe(
        v.string(),
        v.transform((s) => (s.length <= max ? s : '')),
      );
}

/** A list of at most max items; fitting keeps the first max (or, with keep 'last', the newest max). */
export function list<T>(item: Schema<T>, max: number, caps: Caps = 'check', keep: 'first' | 'last' = 'first'): Schema<readonly T[]> {
  if (caps === 'check') return v.pipe(v.array(item), v.maxLength(max));
  return v.pipe(
    v.array(item),
    v.transform((items) => (keep === 'first' ? items.slice(0, max) : items.slice(-max))),
  );
}

/** A list with no cap on its length. */
export function anyList<T>(item: Schema<T>): Schema<readonly T[]> {
  return v.array(item);
}

/** An id (GraphQL node id, ask id): 1–200 characters. */
export const id: Schema<string> = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/** Only web links leave a webview; anything else (command:, file:, javascript:) is refused. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** An http(s) link of at most 2,000 characters. */
export const webUrl: Schema<string> = v.pipe(v.string(), v.maxLength(2000), v.check(isHttpUrl));

/** Only web links leave a webview; anything else (command:, file:, javascript:) is refused. */
export function isWebUrl(value: unknown): value is string {
  return v.is(webUrl, value);
}

/** A whole number from 0 to max. */
export function count(max: number): Schema<number> {
  return v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
}

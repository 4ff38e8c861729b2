// Reading JSON from GitHub without trusting its shape: each reader answers undefined for a value
// that is missing or of another type, so a caller can skip it with a warning instead of crashing.

export type Json = Readonly<Record<string, unknown>>;

export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** An ISO-8601 time GitHub wrote (e.g. `createdAt`), or undefined when it does not parse. */
export function time(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** The `nodes` list of a GraphQL connection; undefined when the connection is not one. */
export function connectionNodes(value: unknown): readonly unknown[] | undefined {
  const nodes = record(value)?.nodes;
  return Array.isArray(nodes) ? nodes : undefined;
}

/** `author { login }`; GitHub sends a null author for a deleted account ("ghost"). */
export function authorLogin(value: unknown): string | undefined {
  const author = record(value);
  if (value === null) return 'ghost';
  return text(author?.login);
}

export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

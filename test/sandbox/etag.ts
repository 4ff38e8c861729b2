import { createHash } from 'node:crypto';

/** A weak ETag that varies by user and Accept header, as GitHub's do. */
export function etagFor(userId: number, accept: string, body: unknown): string {
  const hash = createHash('sha256')
    .update(`${userId}\n${accept}\n${JSON.stringify(body)}`)
    .digest('hex')
    .slice(0, 40);
  return `W/"${hash}"`;
}

import { createHash } from 'node:crypto';

/** A generated avatar (initial on a colour derived from the login), served at /avatars/<login>. */
export function avatarSvg(login: string): string {
  const hue = Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 4), 16) % 360;
  const initial = (login.match(/[A-Z0-9]/i)?.[0] ?? '?').toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="hsl(${hue},45%,45%)"/><text x="32" y="42" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
}

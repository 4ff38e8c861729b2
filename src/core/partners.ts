// Partners: the GitHub logins you mentor with, with the topics each side teaches and learns. They
// come from the pairs on GitHub (src/core/pairs/, ARCHITECTURE.md §Pairs) merged with the
// `mutualMentor.partners` setting, which stays as an override and cache (src/core/pairs/partners.ts).
// A pair is symmetric; the topics are hints, not roles.
import type { PairStatus, PairTopics } from './pairs/model';

/** The pair on GitHub a partner comes from. */
export interface PairLink {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly number: number;
  readonly url: string;
  readonly status: PairStatus;
  readonly role: 'inviter' | 'invitee';
  /** What you said you teach and want to learn, as the pair on GitHub has it. */
  readonly mine: PairTopics;
}

export interface Partner {
  readonly login: string;
  /** Topics this partner teaches you. */
  readonly teaches: readonly string[];
  /** Topics this partner wants to learn (from you). */
  readonly learns: readonly string[];
  /** Absent for a partner only in the setting (from before pairs were on GitHub). */
  readonly pair?: PairLink;
}

const LOGIN = /^[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){0,38}$/i;

/** GitHub's login rule: alphanumerics and single inner hyphens, at most 39 characters. */
export function isValidLogin(value: string): boolean {
  return LOGIN.test(value);
}

/** Reads a login typed by a person: trims it and drops a leading @. */
export function normalizeLogin(value: string): string {
  return value.trim().replace(/^@/, '');
}

function topics(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [
    ...new Set(
      value
        .filter((t): t is string => typeof t === 'string')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Reads the `mutualMentor.partners` setting: entries are a login string or
 * `{ login, teaches?, learns? }`. Malformed entries and duplicates are reported, never fatal.
 */
export function parsePartners(raw: unknown): { partners: Partner[]; problems: string[] } {
  const partners: Partner[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { partners, problems };
  if (!Array.isArray(raw)) return { partners, problems: ['mutualMentor.partners must be a list'] };
  const seen = new Set<string>();
  for (const entry of raw) {
    const record = typeof entry === 'string' ? { login: entry } : (entry as Record<string, unknown> | null);
    const login = typeof record?.login === 'string' ? normalizeLogin(record.login) : '';
    if (!isValidLogin(login)) {
      problems.push(`ignored partner entry ${JSON.stringify(entry)}: not a GitHub login`);
      continue;
    }
    if (seen.has(login.toLowerCase())) {
      problems.push(`ignored duplicate partner @${login}`);
      continue;
    }
    seen.add(login.toLowerCase());
    partners.push({ login, teaches: topics(record?.teaches), learns: topics(record?.learns) });
  }
  return { partners, problems };
}

/** The setting value with a partner added (or its topics replaced), in the setting's own form. */
export function withPartner(raw: unknown, partner: Partner): unknown[] {
  const list = Array.isArray(raw) ? [...(raw as unknown[])] : [];
  const entry =
    partner.teaches.length || partner.learns.length
      ? {
          login: partner.login,
          ...(partner.teaches.length ? { teaches: [...partner.teaches] } : {}),
          ...(partner.learns.length ? { learns: [...partner.learns] } : {}),
        }
      : partner.login;
  const at = list.findIndex((e) => {
    const login = typeof e === 'string' ? e : (e as { login?: unknown } | null)?.login;
    return typeof login === 'string' && normalizeLogin(login).toLowerCase() === partner.login.toLowerCase();
  });
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  return list;
}

/** Topics typed as "testing, rust ,  ci" → ["testing", "rust", "ci"]. */
export function parseTopics(text: string): string[] {
  return topics(text.split(','));
}

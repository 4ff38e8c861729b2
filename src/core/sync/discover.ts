// Asks addressed to you: an issue or pull request you were mentioned in or asked to review, whose
// body or a comment carries an ask marker written by one of your partners, becomes a received Ask.
// A marker speaks only for its author (ARCHITECTURE.md §Markers): one in a comment by anybody else — a
// third user pasting a partner's marker — is ignored with a warning.
import { scanMarkers, stripMarkers } from '../marker';
import type { Ask, AskTarget, CodeAnchor, PostedRef, RepoRef } from '../model';
import { anchorFromHunk } from './hunkAnchor';
import { connectionNodes, int, record, sameLogin, text } from './json';
import { parseComment, parseComments, type ParsedComment, type Warn } from './replies';

/** The issue or pull request a notification thread is about. */
export interface Subject {
  readonly repo: RepoRef;
  readonly number: number;
}

interface Source {
  readonly comment: ParsedComment;
  readonly target: AskTarget;
  readonly posted: PostedRef;
  /** The lines asked about, for a review comment on lines (read from its diff hunk). */
  readonly anchor?: CodeAnchor;
}

function asksFrom(source: Source, partners: readonly string[], known: ReadonlySet<string>, warn: Warn): Ask[] {
  const { reply } = source.comment;
  // The author decides whether the body matters: only a partner's markers become asks; anybody
  // else's are read (a bounded, linear scan) just to say why they were ignored.
  const partner = partners.find((p) => sameLogin(p, reply.author));
  const scan = scanMarkers(reply.body);
  const markers = scan.markers.filter((m) => m.kind === 'ask' && !known.has(m.id));
  if (!partner) {
    if (markers.length > 0)
      warn(`${reply.url}: ignored an ask marker written by @${reply.author}, who is not your partner (a marker counts only from the side it speaks for)`);
    return [];
  }
  for (const w of scan.warnings) warn(`${reply.url}: ${w}`);
  if (markers.length === 0) return [];
  return markers.map((m) => ({
    id: m.id,
    direction: 'received' as const,
    partner,
    question: stripMarkers(reply.body),
    ...(m.topic !== undefined ? { topic: m.topic } : {}),
    ...(source.anchor ? { anchor: source.anchor } : {}),
    target: source.target,
    createdAt: reply.createdAt,
    posted: source.posted,
  }));
}

/**
 * Received asks in a fetched Issue or PullRequest node about `subject`, from `partners` only.
 * Markers of asks already `known` (your own, or received before) are passed over silently.
 */
export function receivedAsksIn(raw: unknown, subject: Subject, partners: readonly string[], warn: Warn, known: ReadonlySet<string> = new Set()): Ask[] {
  const node = record(raw);
  const type = text(node?.__typename);
  if (!node || (type !== 'Issue' && type !== 'PullRequest')) {
    warn(`${subject.repo.owner}/${subject.repo.name}#${subject.number}: expected an issue or pull request from GitHub, got ${type ?? 'nothing'}`);
    return [];
  }
  const where = `${subject.repo.owner}/${subject.repo.name}#${subject.number}`;
  const nodeId = text(node.id) ?? '';
  const number = int(node.number) ?? subject.number;
  const repo = subject.repo;
  const sources: Source[] = [];
  const self = parseComment(node, where, 'issueComment', warn);
  const conversation: AskTarget = type === 'Issue' ? { kind: 'issue', repo } : { kind: 'pullRequest', repo, pull: number };
  const ref = (c: ParsedComment, id: string): PostedRef => ({ url: c.reply.url, nodeId: id, databaseId: c.databaseId ?? 0, number });
  if (self) sources.push({ comment: self, target: conversation, posted: ref(self, nodeId) });
  for (const c of parseComments(node.comments, where, 'issueComment', warn)) {
    // In an issue the ask is synced through the issue; on a pull request through its comment.
    sources.push({ comment: c, target: conversation, posted: ref(c, type === 'Issue' ? nodeId : c.reply.nodeId) });
  }
  if (type === 'PullRequest') {
    for (const review of connectionNodes(node.reviews) ?? []) {
      for (const c of parseComments(record(review)?.comments, where, 'threadReply', warn)) {
        if (c.replyTo) continue; // a reply in a thread, not the comment that opened it
        const target: AskTarget =
          typeof c.line === 'number'
            ? { kind: 'reviewComment', repo, pull: number, line: c.line, ...(typeof c.startLine === 'number' ? { startLine: c.startLine } : {}), side: 'RIGHT' }
            : { kind: 'fileComment', repo, pull: number, path: c.path ?? '' };
        const o = c.original;
        const anchor = typeof c.line === 'number' && c.path && o ? anchorFromHunk(repo, c.path, o.commit, o.startLine, o.line, o.diffHunk) : undefined;
        sources.push({
          comment: c,
          target,
          posted: { url: c.reply.url, nodeId: c.reply.nodeId, databaseId: c.databaseId ?? 0 },
          ...(anchor ? { anchor } : {}),
        });
      }
    }
  }
  const seen = new Set<string>();
  return sources.flatMap((s) => asksFrom(s, partners, known, warn)).filter((a) => !seen.has(a.id) && seen.add(a.id));
}

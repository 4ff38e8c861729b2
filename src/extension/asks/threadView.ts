// What the Replies panel shows of an ask's thread, from the store's ask and replies: plain data
// (no vscode), so the controller only decides when to draw.
import type { Ask, Reply } from '../../core/model';
import type { SuggestionState } from '../../core/threads/suggestion';
import type { ThreadView } from '../../shared/webviewProtocol';
import type { ReplyState } from '../threads/threadService';
import { renderQuestion } from './questionRenderer';

export interface ThreadViewInput {
  readonly ask: Ask;
  readonly replies: readonly Reply[];
  /** Per reply with suggestions: each one's state against the local file. */
  readonly suggestionStates: ReadonlyMap<string, readonly SuggestionState[]>;
  readonly reply: ReplyState;
  /** The banner above the thread when the reply state has none (offline, just sent…). */
  readonly notice: string | null;
}

const lines = (a: { startLine: number; endLine: number }) => (a.startLine === a.endLine ? `line ${a.startLine}` : `lines ${a.startLine}–${a.endLine}`);

export function threadViewOf({ ask, replies, suggestionStates, reply, notice }: ThreadViewInput): Omit<ThreadView, 'kind' | 'account'> {
  const where = ask.anchor ? `${ask.anchor.path}, ${lines(ask.anchor)}` : `${ask.target.repo.owner}/${ask.target.repo.name}`;
  return {
    askId: ask.id,
    title: ask.direction === 'sent' ? `Asked @${ask.partner}` : `@${ask.partner} asked you`,
    partner: ask.partner,
    direction: ask.direction,
    question: ask.question,
    questionHTML: renderQuestion(ask.question),
    location: where,
    topic: ask.topic ?? null,
    code: ask.anchor ? { snippet: ask.anchor.snippet, location: where } : null,
    status: !ask.posted ? 'queued' : ask.thread?.resolved ? 'resolved' : ask.thread?.outdated ? 'outdated' : 'open',
    state: !ask.posted ? 'waiting to send' : ask.thread?.resolved ? 'resolved' : ask.thread?.outdated ? 'outdated: the lines changed since' : 'open',
    url: ask.posted?.url ?? null,
    canResolve: ask.posted?.threadNodeId !== undefined,
    resolved: ask.thread?.resolved ?? false,
    canReply: ask.posted !== undefined,
    replySending: reply.sending,
    replyError: reply.error,
    notice: reply.queued ?? notice,
    replies: replies.map((r) => ({
      nodeId: r.nodeId,
      kind: r.kind,
      author: r.author,
      createdAt: r.createdAt,
      body: r.body,
      bodyHTML: r.bodyHTML,
      url: r.url,
      suggestions: r.suggestions,
      suggestionStates: suggestionStates.get(r.nodeId) ?? [],
    })),
  };
}

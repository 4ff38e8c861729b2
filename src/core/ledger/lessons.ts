// Lessons: "I learned X from @partner", written by the learner as a short visible comment on the
// exchange, ending with a lesson marker that names learner and teacher. Either partner's extension
// counts it from GitHub alone — but only when the comment's author is the learner the marker names:
// nobody can credit themselves (or anyone else) with teaching.
import { safeQuestion } from '../asks/compose';
import { appendMarker, scanMarkers, stripMarkers } from '../marker';
import { sameLogin } from '../sync/json';

export interface LessonDraft {
  /** Client id in the marker. */
  readonly id: string;
  readonly learner: string;
  readonly teacher: string;
  readonly topic?: string;
  /** One line: what was learned. */
  readonly text: string;
  readonly detail?: string;
  /** The ask it was learned in, when there was one. */
  readonly askId?: string;
}

/** A lesson as found on GitHub: the draft as posted, and where and when. */
export interface Lesson extends LessonDraft {
  readonly createdAt: string;
  readonly url: string;
  /** The comment's node id. */
  readonly nodeId: string;
}

export const MAX_LESSON_TEXT = 200;
const PREFIX = /^Learned from @[A-Za-z0-9-]+(?: \(topic: [^\n]*?\))?: /;

/** The comment a lesson is posted as: one visible line (and optional detail), then its marker. */
export function lessonBody(draft: LessonDraft): string {
  const text = safeQuestion(draft.text.replace(/\s+/g, ' ')).slice(0, MAX_LESSON_TEXT);
  const topic = draft.topic ? ` (topic: ${draft.topic.replace(/[()\n]/g, ' ').trim()})` : '';
  const detail = draft.detail?.trim() ? `\n\n${safeQuestion(draft.detail)}` : '';
  return appendMarker(`Learned from @${draft.teacher}${topic}: ${text}${detail}`, {
    v: 1,
    kind: 'lesson',
    id: draft.id,
    learner: draft.learner,
    teacher: draft.teacher,
    ...(draft.topic ? { topic: draft.topic } : {}),
    ...(draft.askId ? { ask: draft.askId } : {}),
  });
}

export interface CommentLike {
  readonly body: string;
  readonly author: string;
  readonly createdAt: string;
  readonly url: string;
  readonly nodeId: string;
}

/**
 * The lesson a comment records (at most one). A lesson marker counts only when the comment's
 * author is its learner and the teacher is someone else; any other is ignored with a warning (a
 * forgery or a quote of someone else's lesson).
 */
export function lessonsIn(comment: CommentLike, warn: (message: string) => void = () => undefined): Lesson[] {
  const scan = scanMarkers(comment.body);
  const lessons: Lesson[] = [];
  const visible = stripMarkers(comment.body);
  for (const m of scan.markers) {
    if (m.kind !== 'lesson') continue;
    if (!m.learner || !m.teacher) {
      warn(`lesson ${m.id} in ${comment.url} names no learner or teacher; ignored`);
      continue;
    }
    if (!sameLogin(m.learner, comment.author)) {
      warn(`lesson ${m.id} in ${comment.url} says @${m.learner} learned, but @${comment.author} wrote it; ignored`);
      continue;
    }
    if (sameLogin(m.learner, m.teacher)) {
      warn(`lesson ${m.id} in ${comment.url} credits its own author; ignored`);
      continue;
    }
    const [first = '', ...rest] = visible.split('\n');
    const detail = rest.join('\n').trim();
    lessons.push({
      id: m.id,
      learner: m.learner,
      teacher: m.teacher,
      text: first.replace(PREFIX, '').trim().slice(0, MAX_LESSON_TEXT),
      createdAt: comment.createdAt,
      url: comment.url,
      nodeId: comment.nodeId,
      ...(m.topic ? { topic: m.topic } : {}),
      ...(detail ? { detail } : {}),
      ...(m.ask ? { askId: m.ask } : {}),
    });
  }
  // One lesson per comment: a comment the learner wrote says one thing learned (more markers in it,
  // e.g. added by someone who may edit it, do not multiply the count).
  if (lessons.length > 1) warn(`${comment.url} carries ${lessons.length} lesson markers; only the first counts`);
  return lessons.slice(0, 1);
}

// The question's markdown renderer (markdown-it, ~100 KB) is a bundle of its own, dist/markdown.cjs
// (esbuild.config.js), loaded once the store is open rather than at activation. Threads are drawn
// only after that (extension.ts awaits this before creating the controller).
import type * as QuestionHtml from '../../core/threads/questionHtml';

let loaded: typeof QuestionHtml | undefined;
let loading: Promise<void> | undefined;

/** Loads the renderer once; never rejects (the question is then shown as text). */
export function loadQuestionRenderer(onError: (message: string) => void): Promise<void> {
  loading ??= import('../../core/threads/questionHtml').then(
    (m) => {
      loaded = m;
    },
    (error: unknown) => onError(`the question renderer did not load: ${error instanceof Error ? error.message : String(error)}`),
  );
  return loading;
}

/** The question as HTML (see core/threads/questionHtml.ts); '' until loaded, which the page shows as text. */
export function renderQuestion(markdown: string): string {
  return loaded ? loaded.questionHtml(markdown) : '';
}

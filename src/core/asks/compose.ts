// The markdown that goes to GitHub for an ask: the partner's @mention, the question, the code (a
// permalink, and a fenced quote where GitHub will not show the lines itself), the topic, and the
// hidden marker last. The user's text is kept as written except where it could break the body: an
// unclosed code fence is closed, and anything that would read as a Mutual Mentor marker is defused,
// so the body carries exactly one marker, ours.
import { randomUUID } from 'node:crypto';
import { appendMarker } from '../marker';
import { isValidLogin } from '../partners';
import { sameRepo, type AskPlan, type PlannedCode } from './plan';

export interface ComposedAsk {
  /** For the issue route. */
  readonly title?: string;
  readonly body: string;
}

const TITLE_MAX = 80;
const WORD_JOINER = '\u2060';

/** A new client id for an ask's marker. */
export function newAskId(): string {
  return randomUUID();
}

/** Breaks every HTML comment opener in prose, so it can neither hide the rest of the body nor start a marker. */
function defuseComments(text: string): string {
  return text.replace(/<!--/g, `<!-${WORD_JOINER}-`);
}

/** In code, only what would parse as a Mutual Mentor marker is defused; other comments are code. */
function defuseMarkers(code: string): string {
  return code.replace(/<!--(?=\s*mutual-mentor)/gi, `<!-${WORD_JOINER}-`);
}

/** Closes a code fence the text opened and left open (CommonMark: ``` or ~~~, at most three spaces in). */
function closeOpenFence(text: string): string {
  let open: { char: string; length: number } | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(?:`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    const fence = m[0].trimStart();
    const info = line.slice(m[0].length);
    const char = fence[0] ?? '`';
    if (!open) {
      if (char === '`' && info.includes('`')) continue; // not a fence: backticks in a backtick info string
      open = { char, length: fence.length };
    } else if (char === open.char && fence.length >= open.length && info.trim() === '') {
      open = undefined;
    }
  }
  return open ? `${text}\n${open.char.repeat(open.length)}` : text;
}

/** The user's question as safe markdown. */
export function safeQuestion(question: string): string {
  return closeOpenFence(defuseComments(question.replace(/\r\n?/g, '\n').trim()));
}

const LANGUAGES: Record<string, string> = {
  ts: 'ts',
  tsx: 'tsx',
  mts: 'ts',
  cts: 'ts',
  js: 'js',
  jsx: 'jsx',
  mjs: 'js',
  cjs: 'js',
  json: 'json',
  jsonc: 'jsonc',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  swift: 'swift',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  cs: 'csharp',
  fs: 'fsharp',
  php: 'php',
  sh: 'bash',
  bash: 'bash',
  zsh: 'bash',
  ps1: 'powershell',
  sql: 'sql',
  html: 'html',
  htm: 'html',
  xml: 'xml',
  svg: 'xml',
  css: 'css',
  scss: 'scss',
  less: 'less',
  vue: 'vue',
  svelte: 'svelte',
  md: 'markdown',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  dart: 'dart',
  lua: 'lua',
  r: 'r',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  clj: 'clojure',
  ml: 'ocaml',
  pl: 'perl',
  graphql: 'graphql',
  gql: 'graphql',
  proto: 'protobuf',
  tf: 'hcl',
  dockerfile: 'dockerfile',
  makefile: 'makefile',
};

/** The code fence language for a file, from its extension (or its name for Dockerfile/Makefile); '' when unknown. */
export function languageFor(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return LANGUAGES[dot > 0 ? base.slice(dot + 1) : base] ?? '';
}

/** A fenced code block no line of the code can close: the fence is longer than any backtick run in it. */
export function fenced(code: string, language: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = defuseMarkers(code.replace(/\r\n?/g, '\n').replace(/\n$/, ''));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** Inline code no backtick in the text can end. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${defuseComments(text.replace(/\n/g, ' '))}${pad}${ticks}`;
}

function lineWords(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

function codeSection(code: PlannedCode, showRepo: boolean, showLink: boolean): string {
  const parts: string[] = [];
  const where = `${showRepo && code.repo ? `${codeSpan(`${code.repo.owner}/${code.repo.name}`)} ` : ''}${codeSpan(code.path)}`;
  const linked = code.linkedLines ?? code.lines;
  if (showLink && code.permalink) parts.push(`[${where} ${lineWords(linked.startLine, linked.endLine)}](${code.permalink})`);
  if (code.quote) {
    const at = ` at ${codeSpan(code.commit.slice(0, 7))}`;
    const lines = lineWords(code.lines.startLine, code.lines.endLine);
    const note =
      code.status === 'uncommitted'
        ? `${where} ${lines}, not committed yet:`
        : code.status === 'edited'
          ? `${where} ${lines} as in my working copy (with uncommitted changes):`
          : !code.pushed
            ? `${where} ${lines}${at}, not pushed yet:`
            : '';
    parts.push(`${note ? `${note}\n\n` : ''}${fenced(code.snippet, languageFor(code.path))}`);
  }
  return parts.join('\n\n');
}

/** The issue title: the question's first line, shortened. */
export function issueTitle(question: string): string {
  const first = question.replace(/\r\n?/g, '\n').trim().split('\n')[0]?.replace(/\s+/g, ' ').trim() ?? '';
  const text = first.length > TITLE_MAX ? `${first.slice(0, TITLE_MAX - 1).trimEnd()}…` : first;
  return defuseComments(text || 'Question');
}

/** The body (and, for an issue, the title) of an ask, ending with its marker. */
export function composeAsk(plan: AskPlan): ComposedAsk {
  if (!isValidLogin(plan.partner)) throw new Error(`"${plan.partner}" is not a GitHub login`);
  const topic = plan.topic?.trim();
  if (topic !== undefined && topic.length > 100) throw new Error('A topic can be at most 100 characters long.');
  const question = safeQuestion(plan.question);
  // A question that opens with a block (heading, list, quote, fence, table) keeps it by starting its own paragraph.
  const sections = [/^(?:[#>*+|-]|\d+[.)]\s|`{3}|~{3})/.test(question) ? `@${plan.partner}\n\n${question}` : `@${plan.partner} ${question}`];
  if (plan.code) {
    const crossRepo = plan.target.kind === 'issue' && !sameRepo(plan.code.repo, plan.target.repo);
    // A review comment sits on the lines themselves: no link needed.
    const section = codeSection(plan.code, crossRepo, plan.target.kind !== 'reviewComment');
    if (section) sections.push(section);
  }
  if (topic) sections.push(`Topic: ${codeSpan(topic)}`);
  const body = appendMarker(sections.join('\n\n'), { v: 1, kind: 'ask', id: plan.id, ...(topic ? { topic } : {}) });
  return plan.target.kind === 'issue' ? { title: issueTitle(plan.question), body } : { body };
}

// Comment syntaxes by language, for finding `ASK:` tags. An unknown language gets every marker:
// tags still need a comment marker (or an open block comment) right before them, so that stays safe.

export interface CommentSyntax {
  /** Markers that comment out the rest of the line. */
  readonly line: readonly string[];
  /** Markers that only count at the start of a line (after indentation). */
  readonly lineStart: readonly string[];
  /** Block comments and docstrings: [open, close]. */
  readonly block: readonly (readonly [string, string])[];
  /** Characters that open a string on one line (a tag after an open quote is inside a string). */
  readonly quotes: string;
}

const C_BLOCK = ['/*', '*/'] as const;
const HTML_BLOCK = ['<!--', '-->'] as const;

const families = {
  c: { line: ['//'], lineStart: ['*'], block: [C_BLOCK], quotes: '"\'`' },
  rust: { line: ['//'], lineStart: ['*'], block: [C_BLOCK], quotes: '"' },
  php: { line: ['//', '#'], lineStart: ['*'], block: [C_BLOCK], quotes: '"\'`' },
  css: { line: [], lineStart: ['*'], block: [C_BLOCK], quotes: '"\'' },
  scss: { line: ['//'], lineStart: ['*'], block: [C_BLOCK], quotes: '"\'' },
  python: {
    line: ['#'],
    lineStart: [],
    block: [
      ['"""', '"""'],
      ["'''", "'''"],
    ],
    quotes: '"\'',
  },
  hash: { line: ['#'], lineStart: [], block: [], quotes: '"\'`' },
  ruby: { line: ['#'], lineStart: [], block: [['=begin', '=end']], quotes: '"\'`' },
  powershell: { line: ['#'], lineStart: [], block: [['<#', '#>']], quotes: '"\'' },
  sql: { line: ['--'], lineStart: ['*'], block: [C_BLOCK], quotes: '"\'' },
  lua: { line: ['--'], lineStart: [], block: [['--[[', ']]']], quotes: '"\'' },
  haskell: { line: ['--'], lineStart: [], block: [['{-', '-}']], quotes: '"' },
  lisp: { line: [';'], lineStart: [], block: [['#|', '|#']], quotes: '"' },
  ini: { line: [';', '#'], lineStart: [], block: [], quotes: '"' },
  percent: { line: ['%'], lineStart: [], block: [['%{', '%}']], quotes: '"' },
  markup: { line: [], lineStart: [], block: [HTML_BLOCK], quotes: '' },
  component: { line: ['//'], lineStart: ['*'], block: [HTML_BLOCK, C_BLOCK], quotes: '"\'`' },
  ml: { line: ['//'], lineStart: ['*'], block: [['(*', '*)']], quotes: '"' },
  pascal: {
    line: ['//'],
    lineStart: [],
    block: [
      ['(*', '*)'],
      ['{', '}'],
    ],
    quotes: "'",
  },
  fortran: { line: ['!'], lineStart: [], block: [], quotes: '"\'' },
  batch: { line: [], lineStart: ['REM', '::'], block: [], quotes: '"' },
  vim: { line: [], lineStart: ['"'], block: [], quotes: "'" },
  any: {
    line: ['//', '#', '--', ';', '%'],
    lineStart: ['*', '!', 'REM', '::'],
    block: [C_BLOCK, HTML_BLOCK, ['"""', '"""'], ["'''", "'''"], ['(*', '*)'], ['{-', '-}'], ['<#', '#>']],
    quotes: '"`',
  },
} satisfies Record<string, CommentSyntax>;

export type SyntaxFamily = keyof typeof families;

/** Language ids (VS Code's) and file extensions, mapped to their comment family. */
const byName: Record<string, SyntaxFamily> = {};
function add(family: SyntaxFamily, names: string): void {
  for (const n of names.split(' ')) byName[n] = family;
}
add(
  'c',
  'c cpp objective-c objective-cpp csharp java javascript javascriptreact typescript typescriptreact go swift kotlin scala dart groovy jsonc proto zig solidity ' +
    'h hpp cc cxx m mm cs js mjs cjs jsx ts mts cts tsx kt kts sc gradle json5 v d',
);
add('rust', 'rust rs');
add('php', 'php');
add('css', 'css');
add('scss', 'scss less sass');
add('python', 'python py pyi pyw');
add(
  'hash',
  'shellscript bash sh zsh fish perl pl pm r yaml yml toml makefile mk dockerfile elixir ex exs nim cmake coffeescript julia jl tcl properties conf nix graphql gql tf hcl',
);
add('ruby', 'ruby rb rake gemspec');
add('powershell', 'powershell ps1 psm1');
add('sql', 'sql');
add('lua', 'lua');
add('haskell', 'haskell hs elm');
add('lisp', 'clojure clj cljs edn lisp el scm rkt racket scheme');
add('ini', 'ini cfg asm s nasm');
add('percent', 'latex tex bibtex erlang erl matlab prolog');
add('markup', 'html htm xml xhtml svg markdown md mdx');
add('component', 'vue svelte astro');
add('ml', 'ocaml ml mli fsharp fs fsi fsx');
add('pascal', 'pascal pas dpr');
add('fortran', 'fortran fortran-modern f90 f95 f03');
add('batch', 'bat cmd');
add('vim', 'vim');

/** The syntax for a language id or a file's extension (without the dot); every marker when unknown. */
export function commentSyntax(languageIdOrExtension?: string): CommentSyntax {
  const family = languageIdOrExtension ? byName[languageIdOrExtension.toLowerCase()] : undefined;
  return families[family ?? 'any'];
}

/** Whether a language id or extension has a known comment syntax. */
export function isKnownSyntax(languageIdOrExtension: string): boolean {
  return languageIdOrExtension.toLowerCase() in byName;
}

/** The extension of a path (or its file name for Makefile, Dockerfile), for `commentSyntax`. */
export function syntaxKeyOfPath(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : name;
}

// The layering rules from ARCHITECTURE.md. Kept in their own module so a unit test can prove they fire
// (test/unit/tooling/layering.test.ts):
// - `vscode` may be imported only under src/extension/;
// - each layer imports only the layers below it: shared nothing, core and webview shared, server, extension and
//   report core and shared (the `layer-imports` rule below resolves relative paths against the importing file);
// - shared and webview run in the browser too (the webview bundle): no Node built-ins.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const message = 'Only src/extension/ may import `vscode`; core, shared, server, webview and tests on Node must not.';

export const layeringRules = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message }] }],
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message },
    { selector: "ImportExpression[source.value='vscode']", message },
  ],
};

/** The layers (folders under src/) each layer may import besides itself. */
export const layerDependencies = {
  shared: [],
  core: ['shared'],
  webview: ['shared'],
  server: ['core', 'shared'],
  extension: ['core', 'shared'],
  report: ['core', 'shared'],
};

/** Layers bundled for the browser (the webview imports shared): Node's built-in modules are not there. */
const browserLayers = new Set(['shared', 'webview']);
const builtins = new Set(builtinModules);
const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** The layer a file is in, '' for a file under src/ but in no layer, undefined outside src/. */
function layerOf(file) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [top = ''] = rel.split(path.sep);
  return Object.hasOwn(layerDependencies, top) && rel !== top ? top : '';
}

function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '');
}

/** The module specifier of an import-like node, when it is a plain string. */
function specifierOf(node) {
  const literal = (n) =>
    n?.type === 'Literal' && typeof n.value === 'string'
      ? n.value
      : n?.type === 'TemplateLiteral' && n.expressions.length === 0
        ? (n.quasis[0]?.value.cooked ?? undefined)
        : undefined;
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
    case 'ImportExpression':
      return literal(node.source);
    case 'CallExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'require' ? literal(node.arguments[0]) : undefined;
    case 'TSExternalModuleReference':
      return literal(node.expression);
    case 'TSImportType':
      return literal(node.source ?? node.argument?.literal ?? node.parameter?.literal);
    default:
      return undefined;
  }
}

const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer under src/ imports only the layers it may depend on (ARCHITECTURE.md).' },
    schema: [],
    messages: {
      layer: 'src/{{from}} may import {{allowed}}; {{specifier}} is in {{to}}.',
      builtin: 'src/{{from}} also runs in the browser: no Node built-in module ({{specifier}}).',
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = layerOf(file);
    if (!from) return {};
    const allowed = [from, ...layerDependencies[from]];
    const allowedText = allowed.length === 1 ? `only from src/${from}` : `only from ${allowed.map((l) => `src/${l}`).join(', ')}`;
    function check(node) {
      const specifier = specifierOf(node);
      if (specifier === undefined) return;
      if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) {
        if (browserLayers.has(from) && isNodeBuiltin(specifier)) context.report({ node, messageId: 'builtin', data: { from, specifier } });
        return;
      }
      const to = layerOf(path.resolve(path.dirname(file), specifier));
      if (to !== undefined && allowed.includes(to)) return;
      const where = to === undefined ? 'no layer (outside src/)' : to === '' ? 'no layer (src/ itself)' : `src/${to}`;
      context.report({ node, messageId: 'layer', data: { from, allowed: allowedText, specifier: `'${specifier}'`, to: where } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      CallExpression: check,
      TSExternalModuleReference: check,
      TSImportType: check,
    };
  },
};

export const layeringPlugin = { meta: { name: 'mutual-mentor-layering' }, rules: { 'layer-imports': layerImports } };

/** Flat-config blocks: `vscode` outside src/extension/ (and in Node tests), and the import direction between layers. */
export const layeringConfig = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/extension/**'],
    rules: layeringRules,
  },
  {
    files: ['test/unit/**/*.ts', 'test/support/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: layeringRules,
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layering: layeringPlugin },
    rules: { 'layering/layer-imports': 'error' },
  },
];

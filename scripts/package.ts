// `npm run package`: builds the production bundles and a VSIX with @vscode/vsce, then checks that
// the VSIX holds only what runs (bundles, media, README, CHANGELOG, LICENSE) and prints its size.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { zipEntries } from './lib/zipEntries';

const repo = path.resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = path.join(repo, `${name}-${version}.vsix`);
const vsce = path.join(repo, 'node_modules', '.bin', 'vsce');
const allowed = [
  /^extension\/dist\//,
  /^extension\/media\//,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/package\.json$/,
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
];

function vsceRun(args: string[]): string {
  const result = spawnSync(vsce, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`vsce ${args[0]} failed:\n${result.stdout}`);
  return result.stdout;
}

// Relative README links (the screenshots in media/) resolve inside the installed extension: keep them.
vsceRun(['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix]);
const files = zipEntries(vsix);
const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
for (const f of files) console.log(`  ${f}`);
if (unexpected.length > 0) {
  console.error(`the VSIX holds files that do not run:\n  ${unexpected.join('\n  ')}\nadd them to .vscodeignore`);
  process.exit(1);
}
// What the manifest points at (icon, views' icons, walkthrough pages) must ship, or VS Code shows nothing.
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
const referenced = new Set<string>();
JSON.stringify(manifest, (key, value: unknown) => {
  if (typeof value === 'string' && (key === 'icon' || key === 'markdown' || key === 'image' || key === 'svg') && /^\.?\/?media\//.test(value))
    referenced.add(value.replace(/^\.?\//, ''));
  return value;
});
const missing = [...referenced].filter((f) => !files.includes(`extension/${f}`));
if (missing.length > 0) {
  console.error(`the manifest refers to files the VSIX does not hold:\n  ${missing.join('\n  ')}\nre-include them in .vscodeignore`);
  process.exit(1);
}
console.log(`${path.basename(vsix)}: ${files.length} files, ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);

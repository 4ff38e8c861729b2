import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Setting } from '../../../src/extension/settingKeys';

const repo = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string }> } };
};
const contributed = manifest.contributes.configuration.properties;

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

// The settings' keys, defaults and scopes live in src/extension/settingKeys.ts; settings.ts reads them.
describe('tooling/settings', () => {
  it('knows exactly the contributed settings, with their defaults', () => {
    const known = Object.values(Setting);
    assert.deepEqual(known.map((s) => s.key).sort(), Object.keys(contributed).sort());
    for (const s of known) assert.deepEqual(s.default, contributed[s.key]?.default, s.key);
  });

  it('reads per resource exactly the settings scoped per resource', () => {
    for (const s of Object.values(Setting)) assert.equal(s.perResource, contributed[s.key]?.scope === 'resource', s.key);
  });

  it('reads configuration only in src/extension/settings.ts (and the language server, which pulls its own over LSP)', () => {
    const readers = sources('src').filter((f) => readFileSync(path.join(repo, f), 'utf8').includes('getConfiguration('));
    assert.deepEqual(readers, [path.join('src', 'extension', 'settings.ts'), path.join('src', 'server', 'server.ts')]);
  });
});

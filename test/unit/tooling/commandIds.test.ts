import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CommandId, InternalCommandId } from '../../../src/shared/commandIds';

const repo = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
const contributed = manifest.contributes.commands.map((c) => c.command);

// Command ids live in src/shared/commandIds.ts; registerAllCommands (src/extension/commands.ts) takes a handler for
// each CommandId (a Record the type checker holds it to), and package.json contributes exactly those.
describe('tooling/command ids', () => {
  it('contributes every CommandId and nothing else', () => {
    const ids = Object.values(CommandId);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    assert.deepEqual(
      ids.filter((id) => !contributed.includes(id)),
      [],
      'in CommandId, not contributed',
    );
    assert.deepEqual(
      contributed.filter((id) => !(ids as readonly string[]).includes(id)),
      [],
      'contributed, not in CommandId',
    );
  });

  it("keeps the internal commands out of the manifest: exactly the server's sendTag", () => {
    assert.deepEqual(Object.values(InternalCommandId), ['mutualMentor.server.sendTag']);
    for (const id of Object.values(InternalCommandId)) assert.ok(!contributed.includes(id), id);
  });

  it('names command ids in src only through the module', () => {
    const all = new Set<string>([...Object.values(CommandId), ...Object.values(InternalCommandId)]);
    const literal = /['"`](mutualMentor\.[\w.]+)['"`]/g;
    const found: string[] = [];
    for (const file of readdirSync(path.join(repo, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!/\.(?:ts|mjs|js)$/.test(file) || file === path.join('shared', 'commandIds.ts')) continue;
      for (const m of readFileSync(path.join(repo, 'src', file), 'utf8').matchAll(literal)) {
        if (all.has(m[1] ?? '')) found.push(`src/${file}: ${m[1]}`);
      }
    }
    assert.deepEqual(found, []);
  });
});

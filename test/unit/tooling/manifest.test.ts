import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  main: string;
  icon: string;
  activationEvents?: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
  };
};

describe('tooling/package.json', () => {
  it('targets VS Code 1.100 with the matching @types/vscode', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~1\.100\./);
  });

  it('activates implicitly, never eagerly', () => {
    for (const event of manifest.activationEvents ?? []) {
      assert.ok(event !== '*' && event !== 'onStartupFinished', `eager activation event ${event}`);
    }
  });

  it('points main at the bundle and ships its icons', () => {
    assert.equal(manifest.main, './dist/extension.cjs', 'a CommonJS bundle: the package is "type": "module"');
    assert.ok(existsSync(path.join(repo, manifest.icon)), manifest.icon);
    for (const c of manifest.contributes.viewsContainers.activitybar) assert.ok(existsSync(path.join(repo, c.icon)), c.icon);
  });

  it('puts every command in the Mutual Mentor category', () => {
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Mutual Mentor', c.command);
  });

  it('links welcome content only to contributed commands and views', () => {
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(manifest.contributes.views).flat().map((v) => v.id));
    for (const w of manifest.contributes.viewsWelcome) {
      assert.ok(views.has(w.view), w.view);
      const links = [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
      assert.ok(links.length > 0, 'welcome content offers at least one action');
      for (const id of links) assert.ok(commands.has(id), `${id} is not contributed`);
    }
  });
});

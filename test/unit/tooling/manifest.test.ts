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
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string }[];
    walkthroughs?: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[] }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
};

/** Command ids in `[text](command:id)` links. */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '');
}

describe('tooling/package.json', () => {
  it('targets VS Code 1.100 with the matching @types/vscode', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~1\.100\./);
  });

  it('scopes per resource only the setting read with a resource (the exchange repository, per workspace folder)', () => {
    const properties = (manifest.contributes.configuration as { properties: Record<string, { scope?: string }> }).properties;
    const perResource = Object.entries(properties)
      .filter(([, p]) => p.scope === 'resource' || p.scope === 'language-overridable')
      .map(([k]) => k);
    // Any other would make VS Code warn "Accessing a resource scoped configuration without providing a resource".
    assert.deepEqual(perResource, ['mutualMentor.exchangeRepository']);
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
    const views = new Set(
      Object.values(manifest.contributes.views)
        .flat()
        .map((v) => v.id),
    );
    for (const w of manifest.contributes.viewsWelcome) {
      assert.ok(views.has(w.view), w.view);
      const links = commandLinks(w.contents);
      assert.ok(links.length > 0, 'welcome content offers at least one action');
      for (const id of links) assert.ok(commands.has(id), `${id} is not contributed`);
    }
  });

  it('declares every command that menus, keybindings and walkthroughs refer to', () => {
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const referenced = [
      ...Object.entries(manifest.contributes.menus).flatMap(([menu, items]) => items.map((i) => `${menu}: ${i.command}`)),
      ...manifest.contributes.keybindings.map((k) => `keybinding: ${k.command}`),
      ...(manifest.contributes.walkthroughs ?? []).flatMap((w) =>
        w.steps.flatMap((s) => [
          ...commandLinks(s.description).map((id) => `walkthrough ${s.id}: ${id}`),
          ...(s.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => `walkthrough ${s.id} completion: ${e.slice('onCommand:'.length)}`),
        ]),
      ),
    ];
    assert.ok(referenced.length > 0);
    assert.deepEqual(
      referenced.filter((r) => !commands.has(r.split(': ')[1] ?? '')),
      [],
    );
  });

  it('hides commands that need an ask or a thread from the Command Palette', () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette?.filter((i) => i.when === 'false').map((i) => i.command));
    for (const id of [
      'replyInline',
      'resolveThread',
      'unresolveThread',
      'openThreadInPanel',
      'goToCode',
      'openOnGitHub',
      'markRead',
      'applySuggestion',
      'markLearned',
    ]) {
      assert.ok(hidden.has(`mutualMentor.${id}`), `mutualMentor.${id}`);
    }
  });

  it('ships a walkthrough whose steps have their media and a way to complete', () => {
    const walkthroughs = manifest.contributes.walkthroughs ?? [];
    assert.ok(walkthroughs.length > 0);
    for (const step of walkthroughs.flatMap((w) => w.steps)) {
      const media = step.media.markdown ?? step.media.image ?? '';
      assert.ok(media && existsSync(path.join(repo, media)), `${step.id}: ${media}`);
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} has completion events`);
    }
  });

  it('describes every setting', () => {
    for (const [key, p] of Object.entries(manifest.contributes.configuration.properties)) assert.ok(p.markdownDescription ?? p.description, key);
  });
});

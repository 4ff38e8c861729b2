// action.yml (README §Mentoring programs) against GitHub's documented metadata syntax for actions
// (docs.github.com "Metadata syntax for GitHub Actions"): the required keys, their types and allowed
// values for a composite action; and its shard and merge steps run as the scripts they are, against the
// sandbox — three shard jobs, the artifacts downloaded into one folder as download-artifact's
// `merge-multiple` does, and the merge job writing the job summary.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import { load } from 'js-yaml';
import type { Report } from '../../../src/core/report/shards';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { seedProgram } from '../../sandbox/programSeed';

const repo = path.resolve(import.meta.dirname, '../../..');
type Obj = Record<string, unknown>;
const action = load(readFileSync(path.join(repo, 'action.yml'), 'utf8')) as Obj;
interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly shell?: string;
  readonly env?: Readonly<Record<string, string>>;
}
const steps = ((action.runs as Obj).steps ?? []) as Step[];

// From the documented syntax: the keys a composite step may have, the branding colours.
const STEP_KEYS = new Set(['id', 'if', 'name', 'uses', 'run', 'shell', 'with', 'env', 'working-directory', 'continue-on-error']);
const COLORS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
const ID = /^[A-Z_][\w-]*$/i;

describe('tooling/action', () => {
  it('has the keys GitHub requires of an action, with the documented types', () => {
    assert.equal(typeof action.name, 'string');
    assert.equal(typeof action.description, 'string');
    assert.ok(typeof action.author === 'string' || action.author === undefined);
    for (const [id, input] of Object.entries(action.inputs as Obj)) {
      const i = input as Obj;
      assert.match(id, ID, `input id ${id}`);
      assert.equal(typeof i.description, 'string', `inputs.${id}.description is required`);
      assert.ok(i.required === undefined || typeof i.required === 'boolean', `inputs.${id}.required is a boolean`);
      assert.ok(i.default === undefined || typeof i.default === 'string', `inputs.${id}.default is a string`);
      assert.ok(!(i.required === true && i.default !== undefined), `inputs.${id}: a required input has no default`);
    }
    for (const [id, output] of Object.entries(action.outputs as Obj)) {
      assert.match(id, ID);
      assert.equal(typeof (output as Obj).description, 'string', `outputs.${id}.description is required`);
      assert.equal(typeof (output as Obj).value, 'string', `outputs.${id}.value is required of a composite action`);
    }
    const runs = action.runs as Obj;
    assert.equal(runs.using, 'composite');
    assert.ok(Array.isArray(runs.steps) && steps.length > 0, 'runs.steps is required of a composite action');
    const branding = action.branding as Obj;
    assert.ok(COLORS.has(branding.color as string));
    assert.equal(typeof branding.icon, 'string');
  });

  it('has steps that each run or use one thing, with a shell for each script, and refer only to what exists', () => {
    const ids = new Set<string>();
    const inputs = new Set(Object.keys(action.inputs as Obj));
    for (const step of steps) {
      for (const key of Object.keys(step)) assert.ok(STEP_KEYS.has(key), `step key ${key}`);
      assert.ok((step.run === undefined) !== (step.uses === undefined), `step ${step.name ?? '?'} has run or uses`);
      if (step.run !== undefined) {
        assert.equal(typeof step.shell, 'string', `step ${step.name ?? '?'}: a run step needs shell`);
        assert.ok(!step.run.includes('${{'), `step ${step.name ?? '?'}: expressions reach the script through env, never pasted in`);
      } else assert.match(step.uses ?? '', /^[\w-]+\/[\w-]+(?:\/[\w-]+)*@v\d+$/);
      const text = JSON.stringify(step);
      for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) assert.ok(inputs.has(name), `inputs.${name} exists`);
      for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(ids.has(id), `step ${id} runs before it is read`);
      if (typeof step.id === 'string') ids.add(step.id);
    }
    for (const [, id] of JSON.stringify(action.outputs).matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(ids.has(id));
  });

  describe('shard and merge steps as scripts', function () {
    this.timeout(120_000);
    let sandbox: Sandbox;
    let dir: string;
    const expected = new Map<string, number>();

    before(async () => {
      sandbox = await createSandbox();
      const seed = seedProgram(sandbox, { pairs: 9, exchangesPerPair: 2 });
      for (const [key, c] of seed.expected) expected.set(key, c.aToB.lessons + c.aToB.help + c.bToA.lessons + c.bToA.help);
      sandbox.state.addUser('lead');
      dir = mkdtempSync(path.join(os.tmpdir(), 'mm-action-'));
      writeFileSync(path.join(dir, 'pairs.json'), JSON.stringify(seed.pairs));
      // What the build step makes, built here without npm (the test has the dependencies).
      await esbuild.build({
        entryPoints: [path.join(repo, 'src/report/main.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: path.join(dir, 'action', 'dist', 'report.cjs'),
        logLevel: 'silent',
      });
    });
    after(async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Runs the action's script steps of one job as the runner would, with these inputs. */
    async function job(name: string, inputs: Record<string, string>): Promise<{ summary: string; outputs: string; code: number; temp: string }> {
      const defaults = Object.fromEntries(Object.entries(action.inputs as Obj).map(([k, v]) => [k, (v as { default?: string }).default ?? '']));
      const values: Record<string, string> = { ...defaults, token: sandbox.users().lead, 'api-url': sandbox.url, ...inputs };
      const temp = path.join(dir, name);
      mkdirSync(temp, { recursive: true });
      const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary') };
      for (const f of Object.values(files)) writeFileSync(f, '');
      const expand = (v: string) =>
        v.replace(/\$\{\{([^}]*)\}\}/g, (_, raw: string) => {
          const e = raw.trim();
          if (e.startsWith('inputs.')) return values[e.slice(7)] ?? '';
          return e === 'github.action_path' ? path.join(dir, 'action') : e === 'runner.temp' ? temp : `<${e}>`;
        });
      let code = 0;
      for (const step of steps.filter((s) => s.run !== undefined && s.name !== 'Build the report command line')) {
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
        try {
          await promisify(execFile)('bash', ['-e', '-c', step.run ?? ''], { env: { PATH: process.env.PATH, ...files, ...env }, cwd: dir });
        } catch (error) {
          code = (error as { code?: number }).code ?? 1;
        }
      }
      return { summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), outputs: readFileSync(files.GITHUB_OUTPUT, 'utf8'), code, temp };
    }

    it('three shard jobs and a merge job give the whole program’s report in the job summary', async () => {
      const shards = path.join(dir, 'merge', 'mutual-mentor', 'shards');
      for (const i of [1, 2, 3]) {
        const r = await job(`shard${i}`, { pairs: path.join(dir, 'pairs.json'), shard: `${i}/3` });
        assert.equal(r.code, 0);
        assert.match(r.outputs, new RegExp(`artifact=mentoring-report-shard-${i}-of-3`));
        assert.match(r.outputs, new RegExp(`cursor=mm-report-cursor-mentoring-report-${i}-of-3`));
        assert.match(r.summary, new RegExp(`Shard ${i}/3: shard-${i}-of-3\\.json`));
        // upload-artifact, then download-artifact with merge-multiple: every shard file in one folder.
        cpSync(path.join(r.temp, 'mutual-mentor', 'out'), shards, { recursive: true });
      }
      const merged = await job('merge', { merge: 'true' });
      assert.equal(merged.code, 0);
      assert.match(merged.summary, /^## Mentoring program report/m);
      assert.match(merged.summary, /over 9 pairs/);
      const report = JSON.parse(readFileSync(path.join(merged.temp, 'mutual-mentor', 'out', 'mentoring-report.json'), 'utf8')) as Report;
      assert.deepEqual(report.shards, { count: 3, missing: [] });
      assert.deepEqual(new Map(report.pairs.map((p) => [`${p.a}+${p.b}`, p.events])), expected);
    });

    it('a merge job with a shard missing says so in the summary and fails', async () => {
      const shards = path.join(dir, 'broken', 'mutual-mentor', 'shards');
      cpSync(path.join(dir, 'merge', 'mutual-mentor', 'shards'), shards, { recursive: true });
      rmSync(path.join(shards, 'shard-2-of-3.json'));
      const r = await job('broken', { merge: 'true' });
      assert.notEqual(r.code, 0);
      assert.match(r.summary, /missing: 2/);
    });
  });
});

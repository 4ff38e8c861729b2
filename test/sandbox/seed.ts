// Seeds: the default one for tests (three users, one repository), and `demo`, which adds an
// open pull request and the scripted demo partner (demoPartner.ts).
import { createRepo } from './repos';
import type { Sandbox } from './server';

export const seeds = ['default', 'demo'] as const;

/** The lines of ada/sample's src/math.ts, for tests that change them. */
export const SAMPLE_MATH: readonly string[] = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export function mean(values: readonly number[]): number {',
  '  let total = 0;',
  '  for (const v of values) total += v;',
  '  return total / values.length;',
  '}',
];
export type SeedName = (typeof seeds)[number];

/** ada is "you", grace is ada's mentoring partner, eve is a third user who is not paired with either. */
export async function seedDefault(sandbox: Sandbox): Promise<void> {
  const { state } = sandbox;
  const ada = state.addUser('ada', 'Ada Lovelace');
  state.addUser('grace', 'Grace Hopper');
  state.addUser('eve', 'Eve Example');
  await createRepo(sandbox, ada, 'sample', {
    description: 'A small sample repository',
    files: {
      'README.md': '# sample\n\nA small repository for trying Mutual Mentor against the GitHub sandbox.\n',
      'src/math.ts': `${SAMPLE_MATH.join('\n')}\n`,
    },
    collaborators: ['grace'],
  });
}

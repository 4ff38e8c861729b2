// What the scripted demo partner asks back, from grace/type-kata (demoSeed.ts): each question once,
// in this order. When they have all been asked it stops asking rather than repeat one.

export interface KataQuestion {
  readonly title: string;
  readonly question: string;
  /** The file in grace/type-kata the code comes from (demoSeed.ts creates it). */
  readonly path: string;
  readonly code: string;
  readonly topic: string;
}

export const kataQuestions: readonly KataQuestion[] = [
  {
    title: 'Stuck on: key remapping in mapped types',
    question: "I'm stuck on this one — why does the `as` clause in a mapped type drop keys when it yields `never`?",
    path: 'src/pick.ts',
    code: 'export type PickByValue<T, V> = {\n  [K in keyof T as T[K] extends V ? K : never]: T[K];\n};',
    topic: 'typescript',
  },
  {
    title: 'Stuck on: a conditional type that gives boolean',
    question: 'why is `IsString<string | number>` `boolean` and not `false`? I only wanted to know whether the whole type is a string.',
    path: 'src/isString.ts',
    code: 'export type IsString<T> = T extends string ? true : false;\n\ntype Check = IsString<string | number>; // boolean?!',
    topic: 'typescript',
  },
  {
    title: 'Stuck on: IsNever<never> is never',
    question: 'I expected `IsNever<never>` to be `true`, but it is `never`. What is going on?',
    path: 'src/isNever.ts',
    code: 'export type IsNever<T> = T extends never ? true : false;\n\ntype Check = IsNever<never>; // never, not true',
    topic: 'typescript',
  },
  {
    title: 'Stuck on: keyof a union',
    question: 'why does `keyof` of a union give me only `"a"`? I thought I would get every key of both.',
    path: 'src/keys.ts',
    code: 'type A = { a: number; b: string };\ntype B = { a: number; c: boolean };\n\nexport type Keys = keyof (A | B); // "a"',
    topic: 'typescript',
  },
  {
    title: 'Stuck on: a readonly array where string[] is expected',
    question: 'why can I not pass `names` to `first`? It is an array of strings either way.',
    path: 'src/first.ts',
    code: "export function first(xs: string[]): string | undefined {\n  return xs[0];\n}\n\nconst names = ['ada', 'grace'] as const;\nfirst(names); // error",
    topic: 'typescript',
  },
  {
    title: 'Stuck on: satisfies or a type annotation?',
    question: 'what is the difference between `satisfies` and a type annotation here? Both compile.',
    path: 'src/routes.ts',
    code: "export const routes = { home: '/', about: '/about' } satisfies Record<string, string>;\n\nexport const annotated: Record<string, string> = { home: '/', about: '/about' };",
    topic: 'typescript',
  },
];

/** Hands out each question once; `undefined` when all have been asked. */
export class KataQuestions {
  private asked = 0;

  next(): KataQuestion | undefined {
    const question = kataQuestions[this.asked];
    if (question) this.asked++;
    return question;
  }
}

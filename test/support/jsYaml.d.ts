// js-yaml (installed with eslint) ships no types; the action metadata test needs only `load`.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}

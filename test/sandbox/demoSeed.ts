import type { Sandbox } from './server';

// Placeholder: the demo seed (an open pull request and the scripted partner) is being written.
export function seedDemo(_sandbox: Sandbox): Promise<void> {
  return Promise.reject(new Error('--seed demo is not available yet'));
}

import type { Router } from '../http';

// Placeholder: the routes of this area are being written; until then the sandbox answers them 404.
export function registerSearchRoutes(_router: Router): void {}

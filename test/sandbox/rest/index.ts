import type { Router } from '../http';
import { registerIssueRoutes } from './issues';
import { registerMiscRoutes } from './misc';
import { registerNotificationRoutes } from './notifications';
import { registerPullRoutes } from './pulls';
import { registerRepoRoutes } from './repos';
import { registerReviewRoutes } from './reviews';
import { registerSearchRoutes } from './search';
import { registerUserRoutes } from './users';

/** Every REST route the sandbox serves, by area. */
export function registerRestRoutes(router: Router): void {
  registerUserRoutes(router);
  registerRepoRoutes(router);
  registerIssueRoutes(router);
  registerPullRoutes(router);
  registerReviewRoutes(router);
  registerNotificationRoutes(router);
  registerSearchRoutes(router);
  registerMiscRoutes(router);
}

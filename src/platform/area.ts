import type { Job } from './jobs/types';
import type { Feature, Requester } from './slack/router';

/**
 * What every area's `create…Area(platform, deps)` returns to the composition root, besides the
 * calls other areas make: its Slack surfaces (commands, actions, views, events) for the router,
 * and its scheduled jobs. Renderers and caches are registered with the platform as it is built.
 */
export interface AreaModule<A extends Requester> {
  feature: Feature<A>;
  jobs: Job[];
}

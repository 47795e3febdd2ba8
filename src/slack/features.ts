import { networkFeature } from './listeners/network';
import { pollsFeature } from './listeners/polls';
import type { Feature } from './router';

/** Every product area's Slack surfaces. Add a feature here to route its commands, actions and views. */
export const features: Feature[] = [networkFeature, pollsFeature];

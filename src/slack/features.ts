import { digestFeature } from './listeners/digest';
import { networkFeature } from './listeners/network';
import { offersFeature } from './listeners/offers';
import { pollsFeature } from './listeners/polls';
import { tableFeature } from './listeners/table';
import type { Feature } from './router';

/** Every product area's Slack surfaces. Add a feature here to route its commands, actions and views. */
export const features: Feature[] = [networkFeature, offersFeature, tableFeature, pollsFeature, digestFeature];

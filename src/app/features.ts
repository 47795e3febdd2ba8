import { digestFeature } from '../areas/digest/slack/listeners';
import { networkFeature } from '../areas/network/slack/listeners';
import { offersFeature } from '../areas/offers/slack/listeners';
import { tableFeature } from '../areas/table/slack/listeners';
import type { Feature } from './legacy-requests';

/** Every product area's Slack surfaces. Add a feature here to route its commands, actions and views. */
export const features: Feature[] = [networkFeature, offersFeature, tableFeature, digestFeature];

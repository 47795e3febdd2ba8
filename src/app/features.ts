import { pollsFeature } from '../areas/polls/slack/listeners';
import type { Feature } from './legacy-requests';

/** Every product area's Slack surfaces. Add a feature here to route its commands, actions and views. */
export const features: Feature[] = [pollsFeature];

/**
 * Transitional: the request types of area listeners that still reach their use cases through the
 * shared `services` bag. An area given its own dependencies imports the platform router's generic
 * types instead, and this file goes when the last one has.
 */
import type { Actor } from '../areas/network/domain/types';
import type * as Router from '../platform/slack/router';
import type { Services } from './services';

export type RequestScope = Router.RequestScope<Actor, Services>;
export type CommandRequest = Router.CommandRequest<Actor, Services>;
export type ActionRequest = Router.ActionRequest<Actor, Services>;
export type ViewRequest = Router.ViewRequest<Actor, Services>;
export type EventRequest = Router.EventRequest<Actor, Services>;
export type Feature = Router.Feature<Actor, Services>;

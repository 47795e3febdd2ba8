import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { PollsMessages } from './it';

/** pollsMessages: Italian and English. */
export const pollsMessages = defineMessages({ it, en });

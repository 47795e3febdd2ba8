import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { NetworkMessages } from './it';

/** networkMessages: Italian and English. */
export const networkMessages = defineMessages({ it, en });

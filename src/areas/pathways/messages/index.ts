import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { PathwaysMessages } from './it';

/** pathwaysMessages: Italian and English. */
export const pathwaysMessages = defineMessages({ it, en });

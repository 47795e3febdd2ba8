import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { TableMessages } from './it';

/** tableMessages: Italian and English. */
export const tableMessages = defineMessages({ it, en });

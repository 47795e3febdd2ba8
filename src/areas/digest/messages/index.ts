import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { DigestMessages } from './it';

/** digestMessages: Italian and English. */
export const digestMessages = defineMessages({ it, en });

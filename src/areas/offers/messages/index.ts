import { defineMessages } from '../../../platform/i18n/messages';
import { en } from './en';
import { it } from './it';

export type { OffersMessages } from './it';

/** offersMessages: Italian and English. */
export const offersMessages = defineMessages({ it, en });

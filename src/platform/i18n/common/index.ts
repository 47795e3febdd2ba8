import { defineMessages } from '../messages';
import { en } from './en';
import { it } from './it';

export type { CommonMessages } from './it';

/** commonMessages: Italian and English. */
export const commonMessages = defineMessages({ it, en });

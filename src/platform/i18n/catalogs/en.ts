import type { Messages } from '../types';
import { common } from '../common/legacy-en';
import { offers } from '../../../areas/offers/messages/legacy-en';
import { polls } from '../../../areas/polls/messages/legacy-en';

export const en: Messages = { common, offers, polls };

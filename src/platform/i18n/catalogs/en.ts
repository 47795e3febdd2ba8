import type { Messages } from '../types';
import { common } from '../messages/en';
import { network } from '../../../areas/network/messages/en';
import { digest } from '../../../areas/digest/messages/en';
import { offers } from '../../../areas/offers/messages/en';
import { polls } from '../../../areas/polls/messages/en';
import { table } from '../../../areas/table/messages/en';

export const en: Messages = { common, network, offers, table, polls, digest };

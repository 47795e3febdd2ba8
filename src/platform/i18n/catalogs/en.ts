import type { Messages } from '../types';
import { common } from '../common/legacy-en';
import { network } from '../../../areas/network/messages/legacy-en';
import { digest } from '../../../areas/digest/messages/legacy-en';
import { offers } from '../../../areas/offers/messages/legacy-en';
import { table } from '../../../areas/table/messages/legacy-en';

export const en: Messages = { common, network, offers, table, digest };

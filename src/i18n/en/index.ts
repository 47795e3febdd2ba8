import type { Messages } from '../types';
import { common } from './common';
import { network } from './network';
import { digest } from './digest';
import { offers } from './offers';
import { polls } from './polls';
import { table } from './table';

export const en: Messages = { common, network, offers, table, polls, digest };

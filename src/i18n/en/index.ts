import type { Messages } from '../types';
import { common } from './common';
import { network } from './network';
import { offers } from './offers';

export const en: Messages = { common, network, offers };

import type { Messages } from '../types';
import { common } from './common';
import { network } from './network';
import { polls } from './polls';

export const en: Messages = { common, network, polls };

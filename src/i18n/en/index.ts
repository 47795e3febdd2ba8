import type { Messages } from '../types';
import { common } from './common';
import { network } from './network';
import { table } from './table';

export const en: Messages = { common, network, table };

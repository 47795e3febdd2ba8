import type { Messages } from '../types';
import { common } from './common';
import { network } from './network';

export const en: Messages = { common, network };

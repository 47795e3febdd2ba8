import { common } from './common';
import { network } from './network';
import { offers } from './offers';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, offers } as const;

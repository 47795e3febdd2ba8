import { common } from './common';
import { network } from './network';
import { digest } from './digest';
import { offers } from './offers';
import { table } from './table';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, offers, digest, table } as const;

import { common } from './common';
import { network } from './network';
import { digest } from './digest';
import { offers } from './offers';
import { polls } from './polls';
import { table } from './table';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, offers, table, polls, digest } as const;

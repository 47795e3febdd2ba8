import { common } from './common';
import { network } from './network';
import { table } from './table';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, table } as const;

import { common } from './common';
import { network } from './network';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network } as const;

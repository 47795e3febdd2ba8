import { common } from './common';
import { network } from './network';
import { polls } from './polls';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, polls } as const;

import { common } from '../common/legacy-it';
import { network } from '../../../areas/network/messages/legacy-it';
import { digest } from '../../../areas/digest/messages/legacy-it';
import { offers } from '../../../areas/offers/messages/legacy-it';
import { table } from '../../../areas/table/messages/legacy-it';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, offers, table, digest } as const;

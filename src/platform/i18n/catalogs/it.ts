import { common } from '../messages/it';
import { network } from '../../../areas/network/messages/it';
import { digest } from '../../../areas/digest/messages/it';
import { offers } from '../../../areas/offers/messages/it';
import { polls } from '../../../areas/polls/messages/it';
import { table } from '../../../areas/table/messages/it';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, network, offers, table, polls, digest } as const;

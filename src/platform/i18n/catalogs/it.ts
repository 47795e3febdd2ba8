import { common } from '../common/legacy-it';
import { offers } from '../../../areas/offers/messages/legacy-it';
import { polls } from '../../../areas/polls/messages/legacy-it';

// One file per area; add an area here and in ../en/index.ts.
export const it = { common, offers, polls } as const;

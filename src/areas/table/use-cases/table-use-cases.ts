import { AgendaUseCases } from './agenda';
import type { TableDeps } from './context';
import { MeetingUseCases } from './meetings';
import { MinutesUseCases } from './minutes';
import { ReminderUseCases } from './reminders';
import { RsvpUseCases } from './rsvps';

/** Every use case of the inter-institutional table, one group per file. */
export interface TableUseCases {
  meetings: MeetingUseCases;
  rsvps: RsvpUseCases;
  agenda: AgendaUseCases;
  minutes: MinutesUseCases;
  reminders: ReminderUseCases;
}

export function createTableUseCases(deps: TableDeps): TableUseCases {
  return {
    meetings: new MeetingUseCases(deps),
    rsvps: new RsvpUseCases(deps),
    agenda: new AgendaUseCases(deps),
    minutes: new MinutesUseCases(deps),
    reminders: new ReminderUseCases(deps),
  };
}

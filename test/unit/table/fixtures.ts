import type { Organization } from '../../../src/areas/network/domain/types';
import type { Meeting } from '../../../src/areas/table/domain/types';

/** A scheduled meeting on Sunday 25 October 2026, 10:00–12:00 in Rome (the day DST ends). */
export function meetingFixture(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 7,
    title: 'Tavolo interistituzionale ISO.NEW',
    startsAt: new Date('2026-10-25T09:00:00Z'),
    endsAt: new Date('2026-10-25T11:00:00Z'),
    place: 'Gorizia, Corso Italia 55',
    link: null,
    status: 'scheduled',
    channelId: 'C1',
    sequence: 0,
    createdBy: 'U1',
    summary: null,
    decisions: null,
    heldAt: null,
    minutesPostedAt: null,
    scheduledAt: new Date('2026-10-01T10:00:00Z'),
    remindersSentAt: null,
    textCorrections: 0,
    ...overrides,
  };
}

export const orgFixture = (id: number, shortName: string): Organization => ({
  id,
  name: `Ente ${shortName}`,
  shortName,
  kind: 'cooperative',
  isCoordinatorBody: false,
  active: true,
});

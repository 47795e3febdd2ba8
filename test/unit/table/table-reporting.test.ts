import type { DigestModel, HomeModel } from '../../../src/areas/digest/domain/model';
import { attendanceRate, startOfYear } from '../../../src/areas/table/domain/reporting';
import { buildDigest } from '../../../src/areas/digest/slack/digest-views';
import { homeView } from '../../../src/areas/digest/slack/home-views';
import { blockKit } from '../../support/block-kit-schema';
import { visibleText } from '../../support/harness';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-11-16T08:00:00Z');

describe('table reporting helpers (pure)', () => {
  it('starts the year at midnight in APP_TIMEZONE', () => {
    expect(startOfYear('2026-11-16', TZ).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(startOfYear('2027-01-01', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('rates attendance over every invitation, one decimal, null without invitations', () => {
    expect(attendanceRate([{ attended: 1, meetings: 2 }, { attended: 0, meetings: 1 }])).toBe(33.3);
    expect(attendanceRate([{ attended: 2, meetings: 2 }])).toBe(100);
    expect(attendanceRate([])).toBeNull();
  });
});

const digest: DigestModel = {
  period: { start: new Date('2026-11-09T08:00:00Z'), end: NOW },
  meetings: {
    heldThisWeek: 2,
    next: {
      id: 7,
      title: 'Tavolo <dicembre>',
      startsAt: new Date('2026-12-03T09:00:00Z'),
      attendance: [
        { organization: 'UEPE', yes: 2, no: 0, maybe: 0, status: 'confirmed' },
        { organization: 'CISL', yes: 0, no: 0, maybe: 1, status: 'maybe' },
        { organization: 'A&B', yes: 0, no: 1, maybe: 0, status: 'declined' },
        { organization: 'PROV-GO', yes: 0, no: 0, maybe: 0, status: 'pending' },
      ],
    },
  },
  actions: {
    overdue: [{ id: 1, text: 'Mappare <posti>', owner: 'UEPE', ownerUserId: 'UU1', dueDate: '2026-11-10' }],
    dueThisWeek: [{ id: 2, text: 'Convenzione', owner: 'CISL', dueDate: '2026-11-20' }],
  },
};

describe('the table in the digest view (pure)', () => {
  it('shows each invited organization’s standing, a summary, owners with their organization, and the figures', () => {
    const message = buildDigest(digest, 'it', NOW, TZ);
    const text = visibleText(message);
    expect(text).toContain('*Tavolo &lt;dicembre&gt;* · 03/12/2026 ore 10:00');
    expect(text).toContain('1 ente confermato · 1 forse · 1 non partecipa · 1 senza risposta');
    expect(text).toContain('✅ *UEPE* · partecipa (2)\n❔ *CISL* · forse\n❌ *A&amp;B* · non partecipa\n⏳ *PROV-GO* · nessuna risposta');
    expect(text).toContain('• Mappare &lt;posti&gt; · <@UU1> (UEPE) · entro il 10/11/2026');
    expect(text).toContain('• Convenzione · CISL · entro il 20/11/2026');
    expect(text).toContain('2 incontri · 1 azione scaduta');
    expect(blockKit.message(message.blocks)).toBeUndefined();
    const en = visibleText(buildDigest(digest, 'en', NOW, TZ));
    expect(en).toContain('1 organization confirmed · 1 maybe · 1 declined · 1 not answered');
    expect(en).toContain('⏳ *PROV-GO* · no answer');
    expect(en).toContain('2 meetings · 1 overdue action item');
  });

  it('keeps the raw counts when a provider gives no standing', () => {
    const raw: DigestModel = { ...digest, meetings: { heldThisWeek: 0, next: { ...digest.meetings!.next!, attendance: [{ organization: 'UEPE', yes: 1, no: 0, maybe: 2 }] } } };
    const text = visibleText(buildDigest(raw, 'it', NOW, TZ));
    expect(text).toContain('• UEPE: 1 sì · 2 forse · 0 no');
    expect(text).not.toContain('enti confermati');
  });
});

const home: HomeModel = {
  viewer: { userId: 'UP1', role: 'partner', organization: { name: 'UEPE Udine', shortName: 'UEPE' } },
  coordinatorIds: ['UC1'],
  meeting: {
    next: { id: 7, title: 'Tavolo', startsAt: new Date('2026-12-03T09:00:00Z'), myRsvp: 'delegate', delegateUserId: 'UP2', organizationStatus: 'confirmed', canAnswer: true },
  },
  actions: {
    mine: Array.from({ length: 14 }, (_, i) => ({ id: i + 1, text: `Azione ${i + 1}`, owner: 'UEPE', dueDate: '2026-11-20' })),
    canComplete: true,
  },
};

describe('the table on the App Home (pure)', () => {
  it('shows the answer, the delegate, the organization, the RSVP buttons and one "done" button per item, within limits', () => {
    const view = homeView(home, 'it', NOW, TZ);
    const text = visibleText(view);
    expect(text).toContain('La tua risposta: partecipa un delegato\nDelegato: <@UP2>\nIl tuo ente: partecipa');
    const json = JSON.stringify(view.blocks);
    for (const id of ['table_rsvp:yes', 'table_rsvp:no', 'table_rsvp:maybe', 'table_delegate_open']) expect(json).toContain(`"action_id":"${id}","value":"7"`);
    expect(json.match(/"action_id":"table_action_done"/g)).toHaveLength(10);
    expect(text).toContain('e altre 4');
    expect(text).toContain('/tavolo azioni mie');
    expect(blockKit.home(view)).toBeUndefined();
  });

  it('shows no buttons when the member cannot answer or complete, and the coordinator’s table figures', () => {
    const plain: HomeModel = {
      ...home,
      viewer: { userId: 'UC1', role: 'coordinator' },
      meeting: { next: { id: 7, title: 'Tavolo', startsAt: new Date('2026-12-03T09:00:00Z') } },
      actions: { mine: [{ id: 1, text: 'Azione', owner: 'UEPE', dueDate: '2026-11-20' }] },
      coordinator: {
        organizations: 9,
        members: 3,
        membersByRole: {},
        newMembersLast30Days: 0,
        digestChannels: 0,
        meetingsThisYear: 5,
        attendanceRate: 62.5,
        nextMeetingAttendance: { yes: 2, invitedOrganizations: 4 },
        overdueActions: 1,
      },
    };
    const view = homeView(plain, 'it', NOW, TZ);
    expect(JSON.stringify(view.blocks)).not.toContain('table_rsvp');
    expect(JSON.stringify(view.blocks)).not.toContain('table_action_done');
    const text = visibleText(view);
    // The coordinator's figures are a table block: label and value in their own cells.
    expect(text).toContain('Incontri del tavolo quest’anno\n5');
    expect(text).toContain('Presenza agli incontri (quest’anno)\n62,5 %');
    expect(text).toContain('Prossimo incontro\n2 enti confermati su 4');
    const none = visibleText(homeView({ ...plain, coordinator: { ...plain.coordinator!, attendanceRate: null } }, 'en', NOW, TZ));
    expect(none).toContain('Meeting attendance (this year)\nn/a');
  });
});

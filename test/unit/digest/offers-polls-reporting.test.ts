import { parse } from 'csv-parse/sync';
import type { HomeModel, IndicatorsModel } from '../../../src/areas/digest/domain/model';
import type { WaitingReferral } from '../../../src/areas/offers/domain/reporting';
import type { Actor } from '../../../src/areas/network/domain/types';
import type { WaitingReferralRow } from '../../../src/areas/offers/store/offers-reporting-store';
import { offersLabels, visibleWaitingReferral } from '../../../src/areas/offers/reporting';
import { homeView, votableLine, waitingLine } from '../../../src/areas/digest/slack/home-views';
import { indicatorsMessage } from '../../../src/areas/digest/slack/indicators-views';
import { indicatorsCsv } from '../../../src/areas/digest/exports/indicators-csv';
import { visibleText } from '../../support/harness';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-11-16T08:00:00Z');

function actor(role: Actor['role'], organizationId: number | null): Actor {
  const member =
    organizationId === null
      ? null
      : ({ id: 1, userId: 'U1', teamId: null, organizationId, role, organization: { id: organizationId, name: 'Org', shortName: 'ORG' } } as unknown as Actor['member']);
  return { userId: 'U1', teamId: null, member, role, isConfiguredAdmin: false, locale: 'it' };
}

const row: WaitingReferralRow = {
  id: 7,
  offerId: 3,
  offerTitle: 'Magazziniera',
  offeringOrganization: 'LEGACOOP',
  offeringOrganizationId: 10,
  referringOrganization: 'UEPE',
  referringOrganizationId: 20,
  status: 'proposed',
  since: new Date('2026-11-10T09:00:00Z'),
  code: 'UEPE-2026-002',
};

describe('visibleWaitingReferral: the offers area’s visibility rule decides who sees the code', () => {
  it('shows the code to the offering and the referring organization and to coordinators', () => {
    expect(visibleWaitingReferral(actor('partner', 10), row).code).toBe('UEPE-2026-002');
    expect(visibleWaitingReferral(actor('partner', 20), row).code).toBe('UEPE-2026-002');
    expect(visibleWaitingReferral(actor('coordinator', null), row).code).toBe('UEPE-2026-002');
  });

  it('hides it from a third organization and from someone without one, and drops the organization ids', () => {
    const third = visibleWaitingReferral(actor('partner', 30), row);
    expect(third.code).toBeUndefined();
    expect(third).not.toHaveProperty('offeringOrganizationId');
    expect(visibleWaitingReferral(actor('partner', null), row).code).toBeUndefined();
    expect(visibleWaitingReferral(actor('partner', 10), { ...row, code: null }).code).toBeUndefined();
  });
});

const waiting: WaitingReferral = { ...visibleWaitingReferral(actor('partner', 10), row), offerTitle: 'Magazziniera <notte>' };

describe('App Home lines for offers and polls (pure)', () => {
  it('lists waiting referrals with escaped titles and the code only when present, in both languages', () => {
    expect(waitingLine(waiting, 'it', TZ)).toBe(
      '• *Magazziniera &lt;notte&gt;* (LEGACOOP) · segnalata da UEPE · proposta dal 10/11/2026 · codice `UEPE-2026-002`',
    );
    const { code, ...noCode } = waiting;
    void code;
    expect(waitingLine(noCode, 'en', TZ)).not.toContain('code');
    expect(waitingLine(noCode, 'en', TZ)).toContain('referred by UEPE');
  });

  it('points at the channel of a votable poll', () => {
    const line = votableLine({ id: 1, question: 'Tema <1>?', organizationsAnswered: 0, organizationsTotal: 3, channelId: 'CPOLL', closesAt: new Date('2026-11-20T17:00:00Z') }, 'it', TZ);
    expect(line).toBe('• Tema &lt;1&gt;? · chiude il 20/11/2026 ore 18:00 · vota in <#CPOLL>');
  });

  it('counts the waiting referrals it does not list ("e altre N") and shows the coordinators’ figures', () => {
    const model: HomeModel = {
      viewer: { userId: 'UC', role: 'coordinator' },
      coordinatorIds: ['UC'],
      offers: { open: [], referralsWaiting: 25, waiting: Array.from({ length: 10 }, (_, i) => ({ ...waiting, id: i })) },
      coordinator: {
        organizations: 3,
        members: 5,
        membersByRole: { partner: 5 },
        newMembersLast30Days: 0,
        digestChannels: 1,
        openOffers: 4,
        referralsInProgress: 25,
        referralsByStatus: { proposed: 20, interview: 5, hired: 2 },
        hiresThisYear: 2,
        openPolls: 1,
        pollParticipation: { answered: 3, invited: 9 },
      },
    };
    const text = visibleText(homeView(model, 'it', NOW, TZ));
    expect(text).toContain('*Segnalazioni in attesa di risposta* (25)');
    expect(text).not.toContain('Offerte aperte del tuo ente');
    expect(text).toContain('…e altre 15: vedi la Home dell’app ISO.NEW');
    // The coordinators' figures are a table: label, then value.
    expect(text).toContain('Segnalazioni per stato\n20 proposte · 5 a colloquio · 2 assunte · 0 iscritte ai corsi · 0 non selezionate · 0 ritirate');
    expect(text).toContain('Assunzioni quest’anno\n2');
    expect(text).toContain('Partecipazione ai sondaggi aperti\n3 enti su 9 invitati');
    expect(visibleText(homeView(model, 'en', NOW, TZ))).toContain('Open polls participation\n3 of 9 invited organizations');
  });
});

describe('indicators for offers, referrals and polls (pure)', () => {
  const model: IndicatorsModel = {
    range: { from: '2026-01-01', to: '2026-12-31' },
    offers: { bySectorAndContract: [{ sector: 'catering', contractType: 'internship', offers: 5, positions: 7 }, { sector: 'a<b', contractType: 'x', offers: 1, positions: 1 }] },
    referrals: {
      byOrganization: [
        { organization: 'LEGACOOP', referrals: 0, hired: 0, received: 6, receivedHired: 2 },
        { organization: 'UEPE', referrals: 6, hired: 2, received: 0, receivedHired: 0 },
      ],
      avgDaysToFirstReferral: 2.25,
      avgDaysToHiring: 14,
    },
    polls: { participationByOrganization: [{ organization: 'UEPE', answered: 1, polls: 2 }] },
  };

  it('names sectors and contracts in the reader’s language and keeps unknown values as typed', () => {
    expect(offersLabels('it').sector('catering')).toBe('Ristorazione');
    expect(offersLabels('en').contract('internship')).toBe('Internship (tirocinio)');
    expect(offersLabels('it').sector('a<b')).toBe('a<b');
    const text = visibleText(indicatorsMessage(model, 'it', TZ));
    expect(text).toContain('• Ristorazione · Tirocinio: 5 offerte, 7 posti');
    expect(text).toContain('• a&lt;b · x: 1 offerta, 1 posto');
    expect(text).toContain('• LEGACOOP: 0 segnalazioni, 0 assunzioni · sulle sue offerte 6 segnalazioni, 2 assunzioni');
  });

  it('exports the referring and offering figures, the averages and participation to the CSV', () => {
    const rows = parse(indicatorsCsv(model, 'en', TZ), { bom: true, columns: true }) as Array<Record<string, string>>;
    const find = (indicator: string, dimension: string) => rows.find((r) => Object.values(r)[1] === indicator && Object.values(r)[2] === dimension);
    expect(Object.values(find('offers', 'Catering / Internship (tirocinio)') ?? {})[3]).toBe('5');
    expect(Object.values(find('referrals received on own offers', 'LEGACOOP') ?? {})[3]).toBe('6');
    expect(Object.values(find('hirings on own offers', 'LEGACOOP') ?? {})[3]).toBe('2');
    expect(rows.filter((r) => Object.values(r)[2] === 'UEPE').length).toBeGreaterThanOrEqual(6);
  });
});

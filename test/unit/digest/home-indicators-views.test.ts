import type { HomeModel, IndicatorsModel } from '../../../src/areas/digest/domain/model';
import { homeView } from '../../../src/areas/digest/slack/home-views';
import { indicatorsMessage } from '../../../src/areas/digest/slack/indicators-views';
import { indicatorsCsv } from '../../../src/areas/digest/exports/indicators-csv';
import { visibleText } from '../../support/harness';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-11-16T08:00:00Z');

// What the App Home shows once the offers, table and polls areas provide their parts.
const partnerHome: HomeModel = {
  viewer: { userId: 'UP1', role: 'partner', organization: { name: 'Cooperativa La Quercia', shortName: 'QUERCIA' } },
  coordinatorIds: ['UC1'],
  colleagues: ['UP2'],
  offers: { open: [{ id: 1, title: 'Addetta <pulizie>', organization: 'QUERCIA', positions: 2 }], referralsWaiting: 3 },
  meeting: { next: { id: 4, title: 'Tavolo di novembre', startsAt: new Date('2026-11-19T14:30:00Z'), myRsvp: 'maybe' } },
  polls: { votable: [{ id: 5, question: 'Data del prossimo tavolo?', organizationsAnswered: 2, organizationsTotal: 9 }] },
  actions: { mine: [{ id: 6, text: 'Inviare il verbale', owner: 'QUERCIA', dueDate: '2026-11-20' }] },
};

describe('homeView (pure)', () => {
  it('shows every part the areas provide, escaped, in Italian and English', () => {
    const it = visibleText(homeView(partnerHome, 'it', NOW, TZ));
    expect(it).toContain('Ruolo: *partner* · *Cooperativa La Quercia* (QUERCIA)');
    expect(it).toContain('*Offerte aperte del tuo ente* (1)\n• *Addetta &lt;pulizie&gt;* · QUERCIA · 2 posti');
    expect(it).toContain('3 segnalazioni attendono una risposta.');
    expect(it).toContain('*Prossimo incontro*: Tavolo di novembre · 19/11/2026 ore 15:30\nLa tua risposta: forse');
    expect(it).toContain('*Sondaggi in cui puoi votare* (1)\n• Data del prossimo tavolo?');
    expect(it).toContain('*Le tue azioni* (1)\n• Inviare il verbale · QUERCIA · entro il 20/11/2026');
    const en = visibleText(homeView(partnerHome, 'en', NOW, TZ));
    expect(en).toContain('You are a partner at *Cooperativa La Quercia* (QUERCIA).');
    expect(en).toContain('Your answer: maybe');
    expect(en).toContain('*Your action items* (1)');
  });

  it('says "none" for an area that has nothing for the member, and keeps under 100 blocks', () => {
    const empty: HomeModel = { ...partnerHome, offers: { open: [], referralsWaiting: 0 }, meeting: {}, polls: { votable: [] }, actions: { mine: [] } };
    const view = homeView(empty, 'it', NOW, TZ);
    const text = visibleText(view);
    expect(text).toContain('*Offerte aperte del tuo ente*: nessuna.');
    expect(text).toContain('*Prossimo incontro*: nessuno in calendario.');
    expect(text).not.toContain('attendono');
    const many = Array.from({ length: 500 }, (_, i) => ({ id: i, title: `Offerta ${i}`, organization: 'QUERCIA' }));
    expect(homeView({ ...partnerHome, offers: { open: many, referralsWaiting: 0 } }, 'it', NOW, TZ).blocks.length).toBeLessThanOrEqual(100);
  });
});

const indicators: IndicatorsModel = {
  range: { from: '2026-01-01', to: '2026-06-30' },
  network: {
    membersByOrganization: [{ organization: 'UEPE Udine', shortName: 'UEPE', coordinators: 0, partners: 2, observers: 1 }],
    organizationsByKind: [{ kind: 'cooperative', count: 3 }],
    membershipChanges: { added: 4, moved: 1, removed: 0 },
  },
  offers: { bySectorAndContract: [{ sector: 'ristorazione', contractType: 'tirocinio', offers: 5, positions: 7 }] },
  referrals: { byOrganization: [{ organization: 'UEPE', referrals: 12, hired: 3 }], avgDaysToFirstReferral: 4.25, avgDaysToHiring: null },
  meetings: { held: 4, attendanceByOrganization: [{ organization: 'UEPE', attended: 3, meetings: 4 }] },
  polls: { participationByOrganization: [{ organization: 'UEPE', answered: 5, polls: 6 }] },
};

describe('indicators views (pure)', () => {
  it('shows every indicator in Italian and English', () => {
    const it = visibleText(indicatorsMessage(indicators, 'it', TZ));
    expect(it).toContain('Dal 01/01/2026 al 30/06/2026 (Europe/Rome)');
    expect(it).toContain('• ristorazione · tirocinio: 5 offerte, 7 posti');
    expect(it).toContain('• UEPE: 12 segnalazioni, 3 assunzioni');
    expect(it).toContain('Giorni medi dall’offerta alla prima segnalazione: 4,3 · all’assunzione: n.d.');
    expect(it).toContain('• UEPE: presente a 3 su 4 (75 %)');
    expect(it).toContain('• UEPE: 5 su 6');
    const en = visibleText(indicatorsMessage(indicators, 'en', TZ));
    expect(en).toContain('• UEPE: attended 3 of 4 (75%)');
    expect(en).toContain('to hiring: n/a');
  });

  it('exports one CSV row per figure with a UTF-8 BOM and localized headers', () => {
    const csv = indicatorsCsv(indicators, 'en', TZ).toString('utf8');
    expect(csv.startsWith('\uFEFFsection,indicator,dimension,value\r\n')).toBe(true);
    expect(csv).toContain('network,partner representatives,UEPE,2\r\n');
    expect(csv).toContain('network,organizations by kind,social cooperative,3\r\n');
    expect(csv).toContain('offers,positions,ristorazione / tirocinio,7\r\n');
    // No figure is an empty cell, not a "n/a" text that would turn the column into text.
    expect(csv).toContain('referrals,average days offer → hiring,all,\r\n');
    expect(csv).toContain('meetings,attendance rate (%),UEPE,75\r\n');
    expect(csv).toContain('polls,polls answered,UEPE,5\r\n');
    const italian = indicatorsCsv(indicators, 'it', TZ).toString('utf8');
    expect(italian.startsWith('\uFEFFsezione;indicatore;dimensione;valore\r\n')).toBe(true);
    expect(italian).toContain('incontri;tasso di presenza (%);UEPE;75\r\n');
  });

  it('keeps a name that starts like a spreadsheet formula as text', () => {
    const csv = indicatorsCsv({ ...indicators, polls: { participationByOrganization: [{ organization: '=HYPERLINK("x")', answered: 1, polls: 2 }] } }, 'en', TZ).toString('utf8');
    expect(csv).toContain(`polls,polls answered,"'=HYPERLINK(""x"")",1\r\n`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

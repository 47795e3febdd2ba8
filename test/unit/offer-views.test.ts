import { parse } from 'csv-parse/sync';
import { AppError } from '../../src/platform/errors';
import { errorText } from '../../src/platform/slack/error-views';
import type { OfferDetails } from '../../src/areas/offers/domain/models';
import type { Offer, OfferStatus, Referral } from '../../src/areas/offers/domain/types';
import { emptyCounts } from '../../src/areas/offers/domain/types';
import { offersCsv } from '../../src/areas/offers/exports/offers-csv';
import { offersMessages } from '../../src/areas/offers/messages';
import { announcementMessage, countsText, deadlineText, offerDetailsMessage, offerListMessage, offerModal, statusMenuMessage } from '../../src/areas/offers/slack/views';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-04-01T10:00:00Z');
const it_ = 'it';
const en = 'en';

function offer(id: number, patch: Partial<Offer> = {}): Offer {
  return {
    id,
    kind: 'job',
    endDate: null,
    organizationId: 1,
    organizationName: 'Legacoop <FVG>',
    organizationShortName: 'LEGACOOP',
    title: `Cuoca *${id}*`,
    sector: 'catering',
    positions: 2,
    contractType: 'internship',
    weeklyHours: 30,
    location: 'Gorizia',
    startDate: null,
    deadline: '2026-04-06',
    requirements: 'HACCP <@U123>',
    eligibility: ['former_prisoners'],
    status: 'open',
    statusChangedAt: NOW,
    filledAt: null,
    createdBy: 'U1',
    createdAt: NOW,
    ...patch,
  };
}

type AnyBlock = { type: string; elements?: Array<{ action_id?: string }>; text?: { text: string } };
const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('offer views', () => {
  it('announces key facts with counts only, escaping what users typed', () => {
    const counts = { ...emptyCounts(), proposed: 2, interview: 1 };
    const msg = announcementMessage(offer(7, { title: 'Cuoca *<!channel>*' }), counts, it_, TZ);
    const json = texts(msg.blocks);
    expect(json).toContain('Offerta #7: Cuoca *<!channel>*'); // the header is plain text
    expect(msg.text).toBe('Offerta #7: Cuoca \u2217&lt;!channel&gt;\u2217 · aperta'); // the notification text is mrkdwn: no ping, no bold
    expect(json).toContain('Legacoop &lt;FVG&gt;');
    expect(json).toContain('HACCP &lt;@U123&gt;');
    expect(json).toContain('3 segnalazioni · 2 proposte · 1 colloquio');
    // The announcement stays in the channel: a date, never a countdown that goes stale.
    expect(json).toContain('*Scadenza candidature*\\n06/04/2026');
    expect(json).not.toContain('scade tra');
    const actions = (msg.blocks as AnyBlock[]).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['offer_refer:7', 'offer_status_menu:7', 'offer_edit_open:7', 'offer_details:7']);
    const closed = announcementMessage(offer(7, { status: 'filled' }), counts, en, TZ);
    expect(texts(closed.blocks)).toContain('Status: *filled*');
    expect((closed.blocks as AnyBlock[]).find((b) => b.type === 'actions')!.elements!.map((e) => e.action_id)).toEqual(['offer_status_menu:7', 'offer_edit_open:7', 'offer_details:7']);
  });

  it('words deadlines and counts in both languages', () => {
    expect(deadlineText(offer(1, { deadline: '2026-04-01' }), it_, TZ, NOW)).toBe('scade oggi (01/04/2026)');
    expect(deadlineText(offer(1, { deadline: '2026-04-02' }), en, TZ, NOW)).toBe('closes tomorrow (2 Apr 2026)');
    expect(deadlineText(offer(1, { deadline: '2026-03-30', status: 'expired' }), it_, TZ, NOW)).toBe('scaduta il 30/03/2026');
    expect(countsText(emptyCounts(), en)).toBe('No referrals');
    expect(countsText({ ...emptyCounts(), hired: 1 }, en)).toBe('1 referral · 1 hired');
  });

  it('keeps a full list page within 50 blocks with previous and next buttons', () => {
    const offers = Array.from({ length: 20 }, (_, i) => offer(100 - i, { title: 'x'.repeat(120), status: (['open', 'matching', 'expired'] as OfferStatus[])[i % 3]! }));
    const msg = offerListMessage({ offers, total: 75 }, { filter: 'all', sector: 'catering', page: 2 }, it_, TZ, NOW);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(texts(msg.blocks)).toContain('tutte · Ristorazione · 75 in tutto · pagina 2 di 4');
    const nav = (msg.blocks as AnyBlock[]).at(-1)!;
    expect(nav.elements!.map((e) => e.action_id)).toEqual(['offer_list_page:prev', 'offer_list_page:next']);
    const empty = offerListMessage({ offers: [], total: 0 }, { filter: 'open', sector: null, page: 1 }, en, TZ, NOW);
    expect(texts(empty.blocks)).toContain('No offers found');
  });

  it('counts the days to a deadline in Rome, in the reader’s language', () => {
    const page = { offers: [offer(3), offer(2, { status: 'filled' })], total: 2 };
    const query = { filter: 'all', sector: null, page: 1 } as const;
    const beforeMidnight = new Date('2026-04-01T21:59:00Z'); // 23:59 in Rome
    const afterMidnight = new Date('2026-04-01T22:01:00Z'); // 00:01 on 2 April in Rome
    expect(texts(offerListMessage(page, query, it_, TZ, beforeMidnight).blocks)).toContain('scade tra 5 giorni');
    expect(texts(offerListMessage(page, query, it_, TZ, afterMidnight).blocks)).toContain('scade tra 4 giorni');
    expect(texts(offerListMessage(page, query, en, TZ, beforeMidnight).blocks)).toContain('closes in 5 days');
  });

  it('caps the details of an offer with many referrals and offers only allowed status changes', () => {
    const referrals: OfferDetails['referrals'] = Array.from({ length: 80 }, (_, i) => ({
      referral: {
        id: i + 1,
        offerId: 7,
        candidateCode: i === 0 ? null : `UEPE-2026-${i}`,
        referringOrganizationId: 2,
        referringOrganizationShortName: 'UEPE',
        note: 'nota',
        status: 'proposed',
        statusChangedAt: NOW,
        interviewAt: null,
        closedAt: null,
        createdAt: NOW,
        createdBy: 'U2',
      } satisfies Referral,
      next: i === 1 ? [] : ['interview', 'hired'],
      canRedactNote: false,
    }));
    const msg = offerDetailsMessage({ offer: offer(7), counts: { ...emptyCounts(), proposed: 80 }, scope: 'all', referrals, canChangeStatus: true }, it_, TZ, NOW);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const json = texts(msg.blocks);
    expect(json).toContain('(anonimizzata)');
    expect(json).toContain('…e altri');
    expect(json).toContain('offer_referral_status:1');
    expect(json).not.toContain('offer_referral_status:2"');
    const hidden = offerDetailsMessage({ offer: offer(7), counts: emptyCounts(), scope: 'none', referrals: [], canChangeStatus: false }, en, TZ, NOW);
    expect(texts(hidden.blocks)).toContain('visible only to coordinators');
  });

  it('builds the modal within Slack limits and the status menu', () => {
    const modal = offerModal(it_, { organizations: [], presetOrganizationId: null, canChooseOrganization: false }, '{}');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(offerModal(en, { organizations: [], presetOrganizationId: null, canChooseOrganization: true }, '{}').title.text.length).toBeLessThanOrEqual(24);
    expect(modal.blocks.length).toBe(12);
    const menu = statusMenuMessage(offer(3), ['matching', 'filled', 'withdrawn'], en);
    expect(texts(menu.blocks)).toContain('offer_set_status:withdrawn');
    expect(texts(statusMenuMessage(offer(3, { status: 'expired' }), [], it_).blocks)).toContain('non si può più cambiare');
  });

  it('words an error in the reader’s language, with its values in that language too', () => {
    const error = new AppError('conflict', { reason: offersMessages.text((m) => m.errors.status_not_allowed({ from: m.statuses.filled, to: m.statuses.open })) });
    expect(errorText(error, 'it')).toBe('Da «coperta» non si può passare a «aperta».');
    expect(errorText(error, 'en')).toBe('Cannot go from “filled” to “open”.');
  });

  it('has every offers message in English', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(offersMessages('en')).sort()).toEqual(keys(offersMessages('it')).sort());
  });
});

describe('offers CSV', () => {
  it('keeps titles that start like spreadsheet formulas as text, and parses back', () => {
    const offers = [offer(1, { title: '=HYPERLINK("http://x","y")' }), offer(2, { title: '+39 cuoca', organizationName: '@Coop' }), offer(3, { title: 'Cuoca - aiuto' })];
    const csv = offersCsv(offers, new Map(), it_, TZ).toString('utf8');
    expect(csv).not.toMatch(/(^|;)=HYPERLINK/m);
    const records = parse(csv, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r.Mansione)).toEqual([`'=HYPERLINK("http://x","y")`, `'+39 cuoca`, 'Cuoca - aiuto']);
    expect(records[1]!.Ente).toBe(`'@Coop`);
    expect(records[0]!.Numero).toBe('1');
  });

  it('tells a course from a job: «Corso di formazione» for the contract, its end date, enrolments counted with hires', () => {
    const course = offer(4, { kind: 'course', contractType: null, startDate: '2026-06-01', endDate: '2026-07-15' });
    const counts = new Map([[4, { proposed: 1, interview: 0, hired: 2, not_selected: 0, withdrawn: 0 }]]);
    const csv = offersCsv([offer(1), course], counts, it_, TZ).toString('utf8');
    const [job, row] = parse(csv, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ Contratto: 'Corso di formazione', Inizio: '2026-06-01', Fine: '2026-07-15', 'Assunte o iscritte': '2' });
    expect(job!.Fine).toBe('');
  });
});

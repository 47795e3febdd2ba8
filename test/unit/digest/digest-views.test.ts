import type { DigestModel } from '../../../src/areas/digest/domain/model';
import { buildDigest } from '../../../src/areas/digest/slack/digest-views';
import { visibleText } from '../../support/harness';

const TZ = 'Europe/Rome';
// Monday 16 November 2026, 09:00 in Rome (CET, UTC+1).
const NOW = new Date('2026-11-16T08:00:00Z');
const PERIOD = { start: new Date('2026-11-09T08:00:00Z'), end: NOW };

const full: DigestModel = {
  period: PERIOD,
  network: {
    newOrganizations: [{ name: 'Cooperativa <La Quercia>', shortName: 'QUERCIA' }],
    newMembers: [{ userId: 'UMARIA1', organization: 'UEPE' }],
    removedMembers: 2,
  },
  offers: {
    newOffers: [{ id: 1, title: 'Addetta pulizie', organization: 'QUERCIA', positions: 2, sector: 'pulizie' }],
    filled: [{ id: 2, title: 'Aiuto cuoca', organization: 'LEGACOOP', positions: 1, hiredFrom: ['UEPE', 'ENAIP'] }],
    expiring: [{ id: 3, title: 'Magazziniera', organization: 'AGCI', deadline: '2026-11-20' }],
  },
  referrals: { byStatus: { proposed: 4, interview: 2, hired: 1 }, newThisWeek: 5 },
  meetings: {
    heldThisWeek: 1,
    next: {
      id: 7,
      title: 'Tavolo di novembre',
      startsAt: new Date('2026-11-19T14:30:00Z'),
      place: 'Provincia, sala 2',
      attendance: [{ organization: 'UEPE', yes: 1, no: 0, maybe: 1 }],
    },
  },
  polls: { open: [{ id: 9, question: 'Data del prossimo tavolo?', organizationsAnswered: 3, organizationsTotal: 9, closesAt: new Date('2026-11-18T17:00:00Z') }] },
  actions: {
    overdue: [{ id: 11, text: 'Inviare il verbale', owner: 'PROV-GO', dueDate: '2026-11-10' }],
    dueThisWeek: [{ id: 12, text: 'Raccogliere le disponibilità', ownerUserId: 'ULUCA1', dueDate: '2026-11-20' }],
  },
};

function limitsRespected(content: { blocks: unknown[] }): void {
  expect(content.blocks.length).toBeLessThanOrEqual(50);
  for (const block of content.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>) {
    if (block.text) expect(block.text.text.length).toBeLessThan(3000);
    if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
    for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
  }
}

describe('buildDigest (pure, fixed now)', () => {
  it('shows every section in Italian, escaped, counts only for referrals', () => {
    const content = buildDigest(full, 'it', NOW, TZ);
    const text = visibleText(content);
    expect(text).toContain('Riepilogo settimanale ISO.NEW');
    expect(text).toContain('Dal 09/11/2026 al 16/11/2026');
    expect(text).toContain('*Nuove offerte di inserimento* (1)\n• *Addetta pulizie* · QUERCIA · 2 posti · pulizie');
    expect(text).toContain('• *Aiuto cuoca* · LEGACOOP · 1 posto · inserimenti da: UEPE, ENAIP');
    expect(text).toContain('• *Magazziniera* · AGCI · scade il 20/11/2026');
    expect(text).toContain('5 nuove questa settimana · 4 proposte · 2 a colloquio · 1 assunta');
    expect(text).toContain('*Tavolo di novembre* · 19/11/2026 ore 15:30 · Provincia, sala 2');
    expect(text).toContain('• UEPE: 1 sì · 1 forse · 0 no');
    expect(text).toContain('• Data del prossimo tavolo? · hanno risposto 3 enti su 9 · chiude il 18/11/2026 ore 18:00');
    expect(text).toContain('*Azioni scadute* (1)\n• Inviare il verbale · PROV-GO · entro il 10/11/2026');
    expect(text).toContain('• Raccogliere le disponibilità · <@ULUCA1> · entro il 20/11/2026');
    expect(text).toContain('Nuovi enti: Cooperativa &lt;La Quercia&gt; (QUERCIA)');
    expect(text).toContain('Nuovo referente: <@UMARIA1> (UEPE)');
    expect(text).toContain('2 referenti hanno lasciato la rete');
    expect(text).toContain(
      '*La settimana in numeri*: 1 nuova offerta · 1 offerta coperta · 5 segnalazioni · 1 assunzione · 1 incontro · 1 sondaggio aperto · 1 azione scaduta · 1 nuovo ente · 1 nuovo referente',
    );
    expect(text).not.toContain('in ritardo');
    limitsRespected(content);
  });

  it('shows the same digest in English', () => {
    const text = visibleText(buildDigest(full, 'en', NOW, TZ));
    expect(text).toContain('ISO.NEW weekly digest');
    expect(text).toContain('From 9 Nov 2026 to 16 Nov 2026');
    expect(text).toContain('• *Addetta pulizie* · QUERCIA · 2 positions · pulizie');
    expect(text).toContain('hired from: UEPE, ENAIP');
    expect(text).toContain('5 new this week · 4 proposed · 2 at interview · 1 hired');
    expect(text).toContain('• UEPE: 1 yes · 1 maybe · 0 no');
    expect(text).toContain('*Overdue action items* (1)');
    expect(text).toContain('*The week in numbers*: 1 new offer · 1 offer filled · 5 referrals');
  });

  it('leaves out empty and absent sections', () => {
    const text = visibleText(
      buildDigest({ period: PERIOD, network: { newOrganizations: [], newMembers: [{ userId: 'U1', organization: 'UEPE' }], removedMembers: 0 }, offers: { newOffers: [], filled: [], expiring: [] } }, 'it', NOW, TZ),
    );
    expect(text).toContain('Nuovo referente: <@U1> (UEPE)');
    expect(text).not.toContain('offerte');
    expect(text).not.toContain('Sondaggi');
    expect(text).not.toContain('Segnalazioni');
  });

  it('says a week with nothing in one line, in both languages', () => {
    const empty: DigestModel = { period: PERIOD, network: { newOrganizations: [], newMembers: [], removedMembers: 0 } };
    const it = buildDigest(empty, 'it', NOW, TZ);
    expect(it.blocks).toHaveLength(1);
    expect(visibleText(it)).toBe('*Riepilogo settimanale ISO.NEW* (dal 09/11/2026 al 16/11/2026): nessuna novità questa settimana.');
    expect(visibleText(buildDigest(empty, 'en', NOW, TZ))).toBe('*ISO.NEW weekly digest* (9 Nov 2026 – 16 Nov 2026): nothing new this week.');
  });

  it('marks a late digest with a context line', () => {
    const text = visibleText(buildDigest({ ...full, late: { scheduledFor: NOW } }, 'it', new Date('2026-11-17T10:00:00Z'), TZ));
    expect(text).toContain('Inviato in ritardo: era previsto per 16/11/2026 ore 09:00');
  });

  it('stays within Block Kit limits with 500 offers in a week, summarising with "e altre N"', () => {
    const offers = Array.from({ length: 500 }, (_, i) => ({
      id: i,
      title: `Offerta numero ${i} con un titolo piuttosto lungo per riempire lo spazio disponibile ${'x'.repeat(150)}`,
      organization: 'QUERCIA',
      positions: 1,
      sector: 'logistica',
      deadline: '2026-11-20',
    }));
    const model: DigestModel = {
      ...full,
      offers: { newOffers: offers, filled: offers.map((o) => ({ ...o, hiredFrom: ['UEPE'] })), expiring: offers },
      polls: { open: offers.map((o) => ({ id: o.id, question: o.title, organizationsAnswered: 1, organizationsTotal: 9 })) },
      actions: { overdue: offers.map((o) => ({ id: o.id, text: o.title, owner: 'UEPE', dueDate: '2026-11-10' })), dueThisWeek: [] },
      network: { newOrganizations: [], newMembers: offers.map((o) => ({ userId: `U${o.id}`, organization: 'UEPE' })), removedMembers: 0 },
    };
    for (const locale of ['it', 'en'] as const) {
      const content = buildDigest(model, locale, NOW, TZ);
      limitsRespected(content);
      const text = visibleText(content);
      expect(text).toContain(locale === 'it' ? '*Nuove offerte di inserimento* (500)' : '*New placement offers* (500)');
      expect(text).toContain(locale === 'it' ? 'e altre 490: vedi la Home dell’app ISO.NEW' : 'and 490 more: see the ISO.NEW app’s Home');
      expect(text).toContain(locale === 'it' ? '500 nuove offerte' : '500 new offers');
    }
  });
});

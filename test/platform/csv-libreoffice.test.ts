/**
 * Every CSV export opened by a real spreadsheet: LibreOffice Calc (Debian's libreoffice-calc-nogui,
 * which .ci/run installs when `soffice` is missing) converts each file to xlsx, as an Italian or an
 * English user's Calc would read it, and exceljs reads the result back. The test checks that the
 * accents survive, that every column lands in its own cell, that dates and times are date cells and
 * numbers number cells, and that formula-like text stays text. Skips, saying why, without soffice.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { IndicatorsModel } from '../../src/areas/digest/domain/model';
import { indicatorsCsv } from '../../src/areas/digest/exports/indicators-csv';
import type { Offer, ReferralCounts } from '../../src/areas/offers/domain/types';
import { offersCsv } from '../../src/areas/offers/exports/offers-csv';
import type { PollState } from '../../src/areas/polls/domain/types';
import { anonymousPollCsv, voterPollCsv } from '../../src/areas/polls/exports/poll-csv';
import { LOCALES, LOCALE_CONVENTIONS, type Locale } from '../../src/platform/i18n/locales';

const run = promisify(execFile);
const TZ = 'Europe/Rome';
const ROOT = path.join(__dirname, '..', '..');

function findSoffice(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
const SOFFICE = findSoffice();
const describeWithCalc = SOFFICE
  ? describe
  : (() => {
      console.warn('LibreOffice test skipped: no `soffice` on PATH (apt-get install -y --no-install-recommends libreoffice-calc-nogui; .ci/run installs it)');
      return describe.skip;
    })();

// ---- The exports, over data that has every kind of cell: accents, separators, quotes, formula-like
// text, instants, calendar dates and times, integers, decimals and missing values.

const CREATED = new Date('2026-05-12T08:00:00Z'); // 10:00 in Rome (summer time)
const offers: Offer[] = [
  {
    id: 1,
    kind: 'job',
    endDate: null,
    organizationId: 1,
    organizationName: 'Società Cooperativa «Città di Gorizia»',
    organizationShortName: 'COOP',
    title: 'Aiuto cuoca; "pasticceria", più è meglio',
    sector: 'catering',
    positions: 2,
    contractType: 'internship',
    weeklyHours: 30,
    location: 'Gradisca d’Isonzo',
    startDate: '2026-06-01',
    deadline: '2026-05-31',
    requirements: '',
    eligibility: [],
    status: 'filled',
    statusChangedAt: new Date('2026-01-20T16:45:00Z'), // 17:45 in Rome (winter time)
    filledAt: new Date('2026-01-20T16:45:00Z'),
    createdBy: 'U1',
    createdAt: CREATED,
  },
  {
    id: 2,
    kind: 'job',
    endDate: null,
    organizationId: 2,
    organizationName: '@Legacoop',
    organizationShortName: 'LEGA',
    title: '=HYPERLINK("http://x","y")',
    sector: 'logistics',
    positions: 1,
    contractType: 'fixed_term',
    weeklyHours: null,
    location: '-Monfalcone',
    startDate: null,
    deadline: '2026-07-15',
    requirements: '',
    eligibility: [],
    status: 'open',
    statusChangedAt: CREATED,
    filledAt: null,
    createdBy: 'U1',
    createdAt: CREATED,
  },
];
const counts = new Map<number, ReferralCounts>([[1, { proposed: 1, interview: 0, hired: 2, not_selected: 1, withdrawn: 0 }]]);

function pollState(kind: 'choice' | 'date', anonymous: boolean): PollState {
  return {
    poll: {
      id: 7,
      kind,
      question: 'Quale attività? «città», perché; "sì"',
      multipleChoice: false,
      anonymous,
      voteScope: 'person',
      resultsHidden: false,
      closesAt: null,
      status: 'closed',
      closedAt: CREATED,
      resultPostedAt: null,
      reminderCount: 0,
      remindedAt: null,
      ballotKeyId: null,
      channelId: 'C1',
      locale: 'it',
      createdByUserId: 'UC',
      createdAt: CREATED,
    },
    options:
      kind === 'date'
        ? [
            { id: 1, pollId: 7, position: 1, label: 'lunedì', slot: { date: '2026-06-08', start: '09:30', end: '11:00' } },
            { id: 2, pollId: 7, position: 2, label: '+ martedì', slot: { date: '2026-06-09', start: '14:00', end: '15:30' } },
          ]
        : [
            { id: 1, pollId: 7, position: 1, label: 'Formazione è', slot: null },
            { id: 2, pollId: 7, position: 2, label: '=1+1', slot: null },
          ],
    votes: [
      { optionId: 1, answer: 'yes', voterKey: 'k1', voterUserId: anonymous ? null : 'U1', organizationId: 10, votedAt: CREATED },
      { optionId: 2, answer: kind === 'date' ? 'maybe' : 'yes', voterKey: 'k2', voterUserId: anonymous ? null : 'U2', organizationId: 11, votedAt: new Date('2026-12-01T07:05:00Z') },
    ],
    participants: [],
    invitedOrganizations: [
      { id: 10, shortName: 'UEPE', name: 'UEPE Udine' },
      { id: 11, shortName: 'Università', name: 'Università di Trieste' },
    ],
  };
}
const names = new Map([
  ['U1', 'Nicolò Zanè'],
  ['U2', '-Giò'],
]);

const indicators: IndicatorsModel = {
  range: { from: '2026-01-01', to: '2026-06-30' },
  network: {
    membersByOrganization: [{ organization: 'Città di Gorizia', shortName: 'Città', coordinators: 1, partners: 2, observers: 0 }],
    organizationsByKind: [{ kind: 'cooperative', count: 3 }],
    membershipChanges: { added: 4, moved: 1, removed: 0 },
  },
  offers: { bySectorAndContract: [{ sector: 'catering', contractType: 'internship', offers: 5, positions: 7 }] },
  referrals: { byOrganization: [{ organization: 'Università', referrals: 12, hired: 3 }], avgDaysToFirstReferral: 4.25, avgDaysToHiring: null },
  meetings: { held: 3, attendanceByOrganization: [{ organization: 'Città', attended: 1, meetings: 3 }] },
  polls: { participationByOrganization: [{ organization: '+Opera', answered: 5, polls: 6 }] },
};

/** Every export the app hands out, by the file that builds it (the check below finds any missing). */
const EXPORTS: Record<string, Record<string, (locale: Locale) => Buffer>> = {
  'src/areas/offers/exports/offers-csv.ts': { offers: (locale) => offersCsv(offers, counts, locale, TZ) },
  'src/areas/polls/exports/poll-csv.ts': {
    'poll-anonymous-date': (locale) => anonymousPollCsv(pollState('date', true), { locale, tz: TZ }),
    'poll-voters-choice': (locale) => voterPollCsv(pollState('choice', false), names, { locale, tz: TZ }),
    'poll-voters-date': (locale) => voterPollCsv(pollState('date', false), names, { locale, tz: TZ }),
  },
  'src/areas/digest/exports/indicators-csv.ts': { indicators: (locale) => indicatorsCsv(indicators, locale, TZ) },
};

// ---- What an Italian or English user's Calc is told when it opens the file (the import dialog's
// choices): the separator, UTF-8, the language (for the decimal separator), special numbers on.
const CALC_LANGUAGE: Record<Locale, number> = { it: 1040, en: 2057 };
function importFilter(locale: Locale): string {
  const separator = LOCALE_CONVENTIONS[locale].csv.delimiter.charCodeAt(0);
  return `CSV:${separator},34,76,1,,${CALC_LANGUAGE[locale]},false,true`;
}

type Sheet = Array<Array<{ type: ExcelJS.ValueType; value: ExcelJS.CellValue }>>;

async function readSheet(file: string, width: number): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const rows: Sheet = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells = [];
    // One past the header's width, to see a cell that spilled over.
    for (let c = 1; c <= width + 1; c++) cells.push({ type: row.getCell(c).type, value: row.getCell(c).value });
    rows[n - 1] = cells;
  });
  return rows;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const numberPattern = (locale: Locale) => (LOCALE_CONVENTIONS[locale].csv.decimalSeparator === ',' ? /^-?\d+(,\d+)?$/ : /^-?\d+(\.\d+)?$/);

describeWithCalc('every CSV export opened in LibreOffice Calc', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-calc-'));
  const files: Array<{ name: string; locale: Locale; csv: string; xlsx: string }> = [];

  beforeAll(async () => {
    for (const locale of LOCALES) {
      const inputs: string[] = [];
      for (const builders of Object.values(EXPORTS)) {
        for (const [name, build] of Object.entries(builders)) {
          const csv = path.join(dir, `${name}-${locale}.csv`);
          fs.writeFileSync(csv, build(locale));
          inputs.push(csv);
          files.push({ name, locale, csv, xlsx: csv.replace(/\.csv$/, '.xlsx') });
        }
      }
      // A profile of its own, so it neither meets another soffice running here nor leaves state behind.
      await run(SOFFICE!, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', `--infilter=${importFilter(locale)}`, '--convert-to', 'xlsx', '--outdir', dir, ...inputs], { timeout: 170_000 });
    }
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('covers every file that writes a CSV, and only the platform module writes CSV', () => {
    const writers = fs
      .readdirSync(path.join(ROOT, 'src', 'areas'))
      .flatMap((area) => {
        const exportsDir = path.join(ROOT, 'src', 'areas', area, 'exports');
        return fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).map((f) => path.join('src', 'areas', area, 'exports', f)) : [];
      })
      .filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('platform/exports/csv'));
    expect(writers.sort()).toEqual(Object.keys(EXPORTS).sort());
    const stringifiers = sourcesImporting('csv-stringify');
    expect(stringifiers).toEqual(['src/platform/exports/csv.ts']);
  });

  it.each(LOCALES.flatMap((locale) => Object.values(EXPORTS).flatMap((b) => Object.keys(b).map((name) => [name, locale] as const))))('%s (%s): one cell per column, accents, dates and numbers typed', async (name, locale) => {
    const file = files.find((f) => f.name === name && f.locale === locale)!;
    const csvRows = parse(fs.readFileSync(file.csv), { bom: true, delimiter: LOCALE_CONVENTIONS[locale].csv.delimiter, relax_column_count: false }) as string[][];
    const width = csvRows[0]!.length;
    const sheet = await readSheet(file.xlsx, width);
    expect(sheet).toHaveLength(csvRows.length);
    const number = numberPattern(locale);
    const seen = { date: 0, number: 0, accent: 0 };
    csvRows.forEach((csvRow, r) => {
      const row = sheet[r]!;
      expect(row[width]!.value).toBeNull(); // nothing spilled past the last column
      csvRow.forEach((text, c) => {
        const cell = row[c]!;
        const where = `${name} ${locale} row ${r + 1} column ${c + 1} «${text}»`;
        if (text === '') {
          expect({ where, value: cell.value }).toEqual({ where, value: null });
        } else if (r > 0 && (DATE_TIME.test(text) || DATE.test(text) || TIME.test(text))) {
          expect({ where, type: cell.type }).toEqual({ where, type: ExcelJS.ValueType.Date });
          const iso = (cell.value as Date).toISOString(); // Calc's serial, read as UTC: the wall clock written
          const shown = DATE_TIME.test(text) ? iso.slice(0, 16).replace('T', ' ') : DATE.test(text) ? iso.slice(0, 10) : iso.slice(11, 16);
          expect({ where, shown }).toEqual({ where, shown: text });
          seen.date++;
        } else if (r > 0 && number.test(text)) {
          expect({ where, type: cell.type, value: cell.value }).toEqual({ where, type: ExcelJS.ValueType.Number, value: Number(text.replace(',', '.')) });
          seen.number++;
        } else {
          // Text stays text, as written: accents, separators, quotes, and the apostrophe before a formula.
          expect({ where, type: cell.type, value: cell.value }).toEqual({ where, type: ExcelJS.ValueType.String, value: text });
          if (/[àèéìòù«]/.test(text)) seen.accent++;
        }
      });
    });
    expect(seen.accent).toBeGreaterThan(0);
    expect(seen.number).toBeGreaterThan(0);
    if (name !== 'indicators' && name !== 'poll-anonymous-date') expect(seen.date).toBeGreaterThan(0);
  });

  it('reads the figures a reader checks: a decimal rate, a date-time in Rome, a neutralised formula', async () => {
    const values = async (name: string, locale: Locale) => (await readSheet(files.find((f) => f.name === name && f.locale === locale)!.xlsx, 30)).map((row) => row.map((c) => c.value));
    for (const locale of LOCALES) {
      const ind = await values('indicators', locale);
      expect(ind.find((row) => row[2] === 'Città' && row[3] === 33.3)).toBeDefined(); // 1 of 3 meetings
      expect(ind.find((row) => row[3] === 4.3)).toBeDefined(); // average days, one decimal
      const off = await values('offers', locale);
      expect(off[1]![1]).toEqual(new Date('2026-05-12T10:00:00Z')); // created 08:00 UTC = 10:00 in Rome
      expect(off[1]![3]).toBe('Aiuto cuoca; "pasticceria", più è meglio');
      expect(off[2]![3]).toBe(`'=HYPERLINK("http://x","y")`);
      expect(off[2]![8]).toBe(`'-Monfalcone`);
    }
  });
});

/** The source files under src/ that import csv-stringify. */
function sourcesImporting(what: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && fs.readFileSync(full, 'utf8').includes(`'${what}`)) out.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, 'src'));
  return out.sort();
}

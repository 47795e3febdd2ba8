import { parse } from 'csv-parse/sync';
import { csvFile, csvNumber, csvDateTime } from '../../src/platform/exports/csv';

const TZ = 'Europe/Rome';

describe('the CSV module (every export goes through it)', () => {
  const table = {
    headers: ['Città', 'Quando', 'Giorno', 'Tasso', 'Saldo', 'Nota'],
    rows: [
      ['Gorizia, è', new Date('2026-05-12T08:00:00Z'), '2026-05-12', 33.3, -5, null],
      ['=SUM(A1)', new Date('2026-01-15T23:30:00Z'), undefined, 0.000001, 12345.5, '-2+3'],
      ['+39 0481', new Date('2026-10-25T01:30:00Z'), '', 2, 0, '@x'],
      ['\tA', new Date('2026-03-29T01:30:00Z'), null, 1e21, 3, '\rB'],
    ],
  };

  it('writes Italian with a BOM, `;`, CRLF and a decimal comma', () => {
    const text = csvFile(table, { locale: 'it', tz: TZ }).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Città;Quando;Giorno;Tasso;Saldo;Nota');
    // 08:00 UTC in May is 10:00 in Rome (summer time); 23:30 UTC in January is the next day, 00:30.
    expect(lines[1]).toBe('Gorizia, è;2026-05-12 10:00;2026-05-12;33,3;-5;');
    expect(lines[2]).toBe(`'=SUM(A1);2026-01-16 00:30;;0,000001;12345,5;'-2+3`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/(?<!\r)\n/);
  });

  it('writes English with `,` and a decimal point, quoting what holds a comma', () => {
    const text = csvFile(table, { locale: 'en', tz: TZ }).toString('utf8');
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Città,Quando,Giorno,Tasso,Saldo,Nota');
    expect(lines[1]).toBe('"Gorizia, è",2026-05-12 10:00,2026-05-12,33.3,-5,');
    const records = parse(text, { bom: true }) as string[][];
    expect(records[1]).toEqual(['Gorizia, è', '2026-05-12 10:00', '2026-05-12', '33.3', '-5', '']);
  });

  it('neutralises every formula-like text (= + - @ tab CR) and leaves negative numbers alone', () => {
    const records = parse(csvFile(table, { locale: 'it', tz: TZ }), { bom: true, delimiter: ';' }) as string[][];
    expect(records.slice(1).map((r) => r[0])).toEqual([`Gorizia, è`, `'=SUM(A1)`, `'+39 0481`, `'\tA`]);
    expect(records.slice(1).map((r) => r[5])).toEqual(['', `'-2+3`, `'@x`, `'\rB`]);
    expect(records[1]![4]).toBe('-5');
  });

  it('writes times on the days the clocks change as the wall clock reads them', () => {
    expect(csvDateTime(new Date('2026-10-25T00:30:00Z'), TZ)).toBe('2026-10-25 02:30'); // first 02:30 (CEST)
    expect(csvDateTime(new Date('2026-10-25T01:30:00Z'), TZ)).toBe('2026-10-25 02:30'); // second 02:30 (CET)
    expect(csvDateTime(new Date('2026-03-29T01:30:00Z'), TZ)).toBe('2026-03-29 03:30');
  });

  it('writes numbers without grouping or exponent', () => {
    expect(csvNumber(1234567.25, 'it')).toBe('1234567,25');
    expect(csvNumber(1234567.25, 'en')).toBe('1234567.25');
    expect(csvNumber(1e-7, 'en')).toBe('0');
    expect(csvNumber(-1e-7, 'en')).toBe('0');
    expect(csvNumber(1e21, 'en')).toBe('1000000000000000000000');
    expect(csvNumber(Number.NaN, 'it')).toBe('');
    expect(csvNumber(-0.5, 'it')).toBe('-0,5');
  });

  it('refuses a row that does not match the headers (a programming error, not a file)', () => {
    expect(() => csvFile({ headers: ['a', 'b'], rows: [['x']] }, { locale: 'it', tz: TZ })).toThrow('CSV row of 1 cells under 2 headers');
  });
});

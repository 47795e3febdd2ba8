import { calendarDateIn, dayjs, daysUntil, formatCalendarDate, formatInstant, resolveLocalTime, wallClock } from '../../src/platform/time';

describe('wallClock: the same wall-clock time as dayjs .tz(), with one Intl formatter per zone', () => {
  const zones = ['Europe/Rome', 'UTC', 'America/New_York', 'Asia/Kolkata'];
  // Around both DST changes of 2026 in Rome and New York, midnight, and a leap day.
  const instants = [
    '2026-03-29T00:59:59.500Z',
    '2026-03-29T01:00:00Z',
    '2026-10-25T00:30:00Z',
    '2026-10-25T01:30:00Z',
    '2026-03-08T06:59:00Z',
    '2026-11-01T05:30:00Z',
    '2026-11-24T23:00:00Z',
    '2026-12-31T23:59:59Z',
    '2028-02-29T12:00:00Z',
  ].map((s) => new Date(s));

  it.each(zones)('matches dayjs(instant).tz(%s) to the millisecond', (tz) => {
    for (const instant of instants) {
      expect(wallClock(instant, tz).format('YYYY-MM-DD HH:mm:ss.SSS')).toBe(dayjs(instant).tz(tz).format('YYYY-MM-DD HH:mm:ss.SSS'));
    }
  });

  it('formats dates in the reader language and the calendar date in the zone', () => {
    const late = new Date('2026-11-24T23:30:00Z');
    expect(calendarDateIn(late, 'Europe/Rome')).toBe('2026-11-25');
    expect(formatInstant(late, 'Europe/Rome', 'it')).toBe('25/11/2026 ore 00:30');
    expect(formatInstant(late, 'Europe/Rome', 'en', 'weekdayDate')).toBe('Wednesday, 25 November 2026');
    expect(formatInstant(new Date(Number.NaN), 'Europe/Rome', 'it')).toBe('Invalid Date');
    // Years below 100 stay themselves (dayjs's own .tz() reads them as 19xx).
    expect(wallClock(new Date('0050-06-15T10:00:00Z'), 'UTC').format('YYYY-MM-DD HH:mm')).toBe('0050-06-15 10:00');
  });

  it('keeps answering right when the same instants repeat and alternate (the per-zone memo)', () => {
    const a = new Date('2026-03-29T00:30:00Z');
    const b = new Date('2026-03-29T01:30:00Z');
    for (let i = 0; i < 3; i++) {
      expect(wallClock(a, 'Europe/Rome').format('HH:mm')).toBe('01:30');
      expect(wallClock(b, 'Europe/Rome').format('HH:mm')).toBe('03:30');
      expect(wallClock(a, 'UTC').format('HH:mm')).toBe('00:30');
      expect(wallClock(new Date(a.getTime()), 'Europe/Rome').format('HH:mm')).toBe('01:30');
    }
  });

  it('counts whole calendar days in the zone, across a DST change and a year end', () => {
    const lateEvening = new Date('2026-11-24T23:30:00Z'); // already 25 November in Rome
    expect(daysUntil('2026-11-25', lateEvening, 'Europe/Rome')).toBe(0);
    expect(daysUntil('2026-11-24', lateEvening, 'Europe/Rome')).toBe(-1);
    expect(daysUntil('2027-01-01', lateEvening, 'Europe/Rome')).toBe(37);
    expect(daysUntil('2027-03-29', new Date('2027-03-27T12:00:00Z'), 'Europe/Rome')).toBe(2);
    expect(daysUntil('2027-10-31', new Date('2027-10-30T22:30:00Z'), 'Europe/Rome')).toBe(0);
    expect(daysUntil('2028-03-01', new Date('2028-02-28T12:00:00Z'), 'UTC')).toBe(2);
  });

  it('formats calendar dates in both languages, the same on every call, and flags an invalid one', () => {
    for (let i = 0; i < 2; i++) {
      expect(formatCalendarDate('2027-01-05', 'it')).toBe('05/01/2027');
      expect(formatCalendarDate('2027-01-05', 'en')).toBe('5 Jan 2027');
      expect(formatCalendarDate('2027-01-05', 'it', 'weekdayDate')).toBe('martedì 5 gennaio 2027');
      expect(formatCalendarDate('2027-02-30', 'it')).toBe('Invalid Date');
    }
  });
});

describe('formatCalendarDate, short form', () => {
  it('writes every day of a leap year as dayjs does in both languages', () => {
    for (let day = 0; day < 366; day++) {
      const iso = dayjs.utc('2028-01-01').add(day, 'day').format('YYYY-MM-DD');
      for (const locale of ['it', 'en'] as const) {
        expect(formatCalendarDate(iso, locale)).toBe(dayjs(iso, 'YYYY-MM-DD', true).locale(locale).format(locale === 'it' ? 'DD/MM/YYYY' : 'D MMM YYYY'));
      }
    }
  });
});

describe('resolveLocalTime: the spring gap and the autumn overlap in Rome', () => {
  const TZ = 'Europe/Rome';
  it('resolves an ordinary time, and says which times do not exist or happen twice', () => {
    expect(resolveLocalTime('2027-03-27', '02:30', TZ)).toEqual({ ok: true, instant: new Date('2027-03-27T01:30:00Z') });
    expect(resolveLocalTime('2027-03-28', '02:30', TZ)).toEqual({ ok: false, reason: 'gap' });
    expect(resolveLocalTime('2027-03-28', '03:00', TZ)).toEqual({ ok: true, instant: new Date('2027-03-28T01:00:00Z') });
    expect(resolveLocalTime('2027-10-31', '02:30', TZ)).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: [new Date('2027-10-31T00:30:00Z'), new Date('2027-10-31T01:30:00Z')],
    });
    expect(resolveLocalTime('2027-10-31', '03:00', TZ)).toEqual({ ok: true, instant: new Date('2027-10-31T02:00:00Z') });
    expect(resolveLocalTime('2027-02-30', '10:00', TZ)).toEqual({ ok: false, reason: 'invalid' });
  });
});

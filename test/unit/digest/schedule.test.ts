import { dueSlot, latestSlot, nextSlot, weekOf } from '../../../src/areas/digest/domain/schedule';
import { parseRiepilogoCommand, resolveRange } from '../../../src/areas/digest/domain/riepilogo-command';

const TZ = 'Europe/Rome';
const MONDAY_9 = { weekday: 1, time: '09:00' };

describe('digest schedule (DST-correct, APP_TIMEZONE)', () => {
  it('the Monday 09:00 run after the March change to summer time is at 07:00 UTC', () => {
    // DST began on Sunday 29 March 2026: Monday 30 March 09:00 CEST = 07:00Z; the week before, 08:00Z.
    const slot = latestSlot(MONDAY_9, new Date('2026-03-30T07:00:00Z'), TZ)!;
    expect(slot.scheduledFor.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(slot.week).toBe('2026-03-30');
    expect(slot.period.start.toISOString()).toBe('2026-03-23T08:00:00.000Z');
    // One minute earlier the latest slot is still the previous Monday (winter time).
    expect(latestSlot(MONDAY_9, new Date('2026-03-30T06:59:00Z'), TZ)!.scheduledFor.toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(nextSlot(MONDAY_9, new Date('2026-03-25T12:00:00Z'), TZ)!.scheduledFor.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('the Monday 09:00 run after the October change back to winter time is at 08:00 UTC', () => {
    // DST ended on Sunday 25 October 2026: Monday 26 October 09:00 CET = 08:00Z; the week before, 07:00Z.
    const slot = latestSlot(MONDAY_9, new Date('2026-10-26T08:00:00Z'), TZ)!;
    expect(slot.scheduledFor.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(slot.period.start.toISOString()).toBe('2026-10-19T07:00:00.000Z');
    expect(latestSlot(MONDAY_9, new Date('2026-10-26T07:30:00Z'), TZ)!.scheduledFor.toISOString()).toBe('2026-10-19T07:00:00.000Z');
  });

  it('is due once the time has come, late after 15 minutes, never before the subscription', () => {
    const sub = { ...MONDAY_9, activeSince: new Date('2026-11-01T00:00:00Z') };
    expect(dueSlot(sub, new Date('2026-11-16T08:00:00Z'), TZ)).toMatchObject({ week: '2026-11-16', late: false });
    expect(dueSlot(sub, new Date('2026-11-17T10:00:00Z'), TZ)).toMatchObject({ week: '2026-11-16', late: true });
    expect(dueSlot({ ...sub, activeSince: new Date('2026-11-17T00:00:00Z') }, new Date('2026-11-18T10:00:00Z'), TZ)).toBeUndefined();
  });

  it('keys a week by its Monday, whatever the weekday', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2026-11-16')).toBe('2026-11-16');
    expect(latestSlot({ weekday: 5, time: '14:30' }, new Date('2026-11-24T10:00:00Z'), TZ)!.week).toBe('2026-11-16');
  });
});

describe('/riepilogo parsing', () => {
  it('reads day and time in Italian or English, in any order, with defaults', () => {
    expect(parseRiepilogoCommand('')).toEqual({ kind: 'preview' });
    expect(parseRiepilogoCommand('iscrivi')).toEqual({ kind: 'subscribe', weekday: undefined, time: undefined });
    expect(parseRiepilogoCommand('iscrivi venerdì 14:30')).toEqual({ kind: 'subscribe', weekday: 5, time: '14:30' });
    expect(parseRiepilogoCommand('subscribe 8 Friday')).toEqual({ kind: 'subscribe', weekday: 5, time: '08:00' });
    expect(parseRiepilogoCommand('iscrivi lunedi 9.15')).toEqual({ kind: 'subscribe', weekday: 1, time: '09:15' });
    expect(parseRiepilogoCommand('iscrivi lunnedì')).toMatchObject({ kind: 'invalid', reasonKey: 'digest.subscribe.bad_day' });
    expect(parseRiepilogoCommand('iscrivi lunedì 25:00')).toMatchObject({ kind: 'invalid', reasonKey: 'digest.subscribe.bad_time' });
    expect(parseRiepilogoCommand('lingua en')).toEqual({ kind: 'language', locale: 'en' });
    expect(parseRiepilogoCommand('language')).toMatchObject({ kind: 'invalid', reasonKey: 'digest.language.usage' });
    expect(parseRiepilogoCommand('boh')).toEqual({ kind: 'unknown', word: 'boh' });
  });

  it('reads indicator dates as YYYY-MM-DD or DD/MM/YYYY', () => {
    expect(parseRiepilogoCommand('indicatori 01/02/2026 2026-06-30')).toEqual({ kind: 'indicators', from: '2026-02-01', to: '2026-06-30' });
    expect(parseRiepilogoCommand('indicators 31/02/2026')).toMatchObject({ kind: 'invalid', reasonKey: 'digest.indicators.bad_date' });
    expect(parseRiepilogoCommand('indicatori 2026-06-30 2026-01-01')).toMatchObject({ kind: 'invalid', reasonKey: 'digest.indicators.reversed' });
    expect(resolveRange({}, '2026-11-24')).toEqual({ from: '2026-01-01', to: '2026-11-24' });
    expect(resolveRange({ from: '2026-03-01' }, '2026-11-24')).toEqual({ from: '2026-03-01', to: '2026-11-24' });
  });
});

import { validatePollInput, type PollField, type RawPollInput } from '../../../src/areas/polls/domain/poll-input';
import { parseSlotLine } from '../../../src/areas/polls/domain/slots';
import { pollsMessages } from '../../../src/areas/polls/messages';
import { personalDataRefusal } from '../../../src/platform/input/personal-data';
import type { FieldErrors } from '../../../src/platform/input/validation';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-11-24T10:00:00Z');
const base: RawPollInput = { kind: 'choice', question: 'Quale tema?', options: 'A\nB', scope: 'person', channelId: 'C123' };
const it_ = pollsMessages('it').form;

/** Field errors as an Italian reader sees them. */
function shown(errors: FieldErrors<PollField>): Partial<Record<PollField, string>> {
  return Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, typeof error === 'function' ? error('it') : JSON.stringify(error)]));
}

describe('parseSlotLine', () => {
  it.each([
    ['2026-12-03 10:00 120', { date: '2026-12-03', start: '10:00', end: '12:00' }],
    ['2026-12-03 9:30 90 min', { date: '2026-12-03', start: '09:30', end: '11:00' }],
    ['03/12/2026 10:00-12:30', { date: '2026-12-03', start: '10:00', end: '12:30' }],
    ['3/12/2026 15.00', { date: '2026-12-03', start: '15:00', end: '17:00' }],
  ])('reads %s', (line, expected) => {
    expect(parseSlotLine(line)).toEqual(expected);
  });

  it.each(['domani 10:00', '2026-02-30 10:00 60', '2026-12-03 25:00 60', '2026-12-03 10:00-09:00', '2026-12-03 23:00 120', '2026-12-03'])('refuses %s', (line) => {
    expect(parseSlotLine(line)).toBeUndefined();
  });
});

describe('validatePollInput', () => {
  it('accepts a choice poll, trimming options and reading the settings', () => {
    const result = validatePollInput({ ...base, options: ' Tirocini \n\n Borse lavoro ', settings: ['multiple', 'anonymous', 'hidden'], organizationIds: ['2', '3', '2'] }, NOW, TZ);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: 'choice', options: [{ label: 'Tirocini' }, { label: 'Borse lavoro' }], multipleChoice: true, anonymous: true, resultsHidden: true, organizationIds: [2, 3], closesAt: null }),
    });
  });

  it('puts each problem on its field', () => {
    const result = validatePollInput({ kind: 'choice', question: '', options: 'A\na', scope: undefined, channelId: undefined, deadlineTime: '10:00' }, NOW, TZ);
    expect(result.ok).toBe(false);
    expect(!result.ok && shown(result.errors)).toEqual({
      question: it_.question_required,
      options: it_.option_duplicate({ option: 'a' }),
      scope: it_.scope_required,
      deadlineDate: it_.deadline_date_missing,
      channel: it_.channel_required,
    });
  });

  it('limits options to 2–20 of at most 75 characters, and refuses personal data', () => {
    const many = Array.from({ length: 21 }, (_, i) => `Opzione ${i}`).join('\n');
    const errors = (raw: Partial<RawPollInput>) => {
      const r = validatePollInput({ ...base, ...raw }, NOW, TZ);
      return r.ok ? undefined : shown(r.errors);
    };
    expect(errors({ options: 'Solo' })?.options).toBe(it_.options_too_few({ min: 2 }));
    expect(errors({ options: many })?.options).toBe(it_.options_too_many({ max: 20, count: 21 }));
    expect(errors({ options: `A\n${'x'.repeat(76)}` })?.options).toBe(it_.option_too_long({ max: 75, option: 'x'.repeat(40) }));
    expect(errors({ question: 'Scrivete a mario.rossi@example.org' })?.question).toBe(personalDataRefusal('it', it_.question_label, 'email'));
    expect(errors({ options: 'A\nchiamare 333 123 4567' })?.options).toBe(personalDataRefusal('it', it_.options_label, 'phone'));
  });

  it('reads date slots in Rome time, sorted, and refuses past, repeated or malformed ones', () => {
    const ok = validatePollInput({ ...base, kind: 'date', slots: '2026-12-04 10:00 60\n2026-12-03 10:00 120' }, NOW, TZ);
    expect(ok.ok && ok.value.options).toEqual([
      { label: '2026-12-03 10:00-12:00', slot: { date: '2026-12-03', start: '10:00', end: '12:00', startsAt: new Date('2026-12-03T09:00:00Z') } },
      { label: '2026-12-04 10:00-11:00', slot: { date: '2026-12-04', start: '10:00', end: '11:00', startsAt: new Date('2026-12-04T09:00:00Z') } },
    ]);
    const slotError = (slots: string, extra: Partial<RawPollInput> = {}) => {
      const r = validatePollInput({ ...base, kind: 'date', slots, ...extra }, NOW, TZ);
      return r.ok ? undefined : shown(r.errors);
    };
    expect(slotError('')?.slots).toBe(it_.slots_required);
    expect(slotError('2026-11-20 10:00')?.slots).toBe(it_.slot_past({ line: 1, text: '2026-11-20 10:00' }));
    expect(slotError('2026-12-03 10:00\n2026-12-03 10:00 120')?.slots).toBe(it_.slot_duplicate({ line: 2, text: '2026-12-03 10:00 120' }));
    expect(slotError('2026-12-03 10:00\nmartedì')?.slots).toBe(it_.slot_invalid({ line: 2, text: 'martedì' }));
    expect(slotError(Array.from({ length: 21 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')} 10:00`).join('\n'))?.slots).toBe(it_.slots_too_many({ max: 20, count: 21 }));
    expect(slotError('2026-12-03 10:00', { settings: ['multiple'] })?.settings).toBe(it_.multiple_not_for_dates);
  });

  it('takes the deadline as Rome wall-clock time, at least 5 minutes ahead', () => {
    const ok = validatePollInput({ ...base, deadlineDate: '2026-11-30', deadlineTime: '18:00' }, NOW, TZ);
    expect(ok.ok && ok.value.closesAt).toEqual(new Date('2026-11-30T17:00:00Z'));
    const past = validatePollInput({ ...base, deadlineDate: '2026-11-24', deadlineTime: '11:02' }, NOW, TZ);
    expect(!past.ok && shown(past.errors).deadlineDate).toBe(it_.deadline_past);
  });
});

import { bar, pollOutcome, tallyPoll } from '../../../src/areas/polls/domain/tally';
import type { PollOption, PollVote, VoteAnswer } from '../../../src/areas/polls/domain/types';

const option = (id: number, label = `O${id}`): PollOption => ({ id, pollId: 1, position: id, label, slot: null });
const vote = (optionId: number, voter: string, answer: VoteAnswer = 'yes', organizationId: number | null = 1, at = 0): PollVote => ({
  optionId,
  answer,
  voterKey: voter,
  voterUserId: voter,
  organizationId,
  votedAt: new Date(at),
});

describe('tallyPoll', () => {
  it('counts votes per option and answer, distinct voters and invited organizations that answered', () => {
    const tally = tallyPoll([option(1), option(2)], [vote(1, 'a', 'yes', 1), vote(2, 'a', 'maybe', 1), vote(2, 'b', 'no', 2), vote(2, 'c', 'yes', 7), vote(99, 'd')], [1, 2, 3]);
    expect(tally.options.map((o) => o.counts)).toEqual([
      { yes: 1, maybe: 0, no: 0 },
      { yes: 1, maybe: 1, no: 1 },
    ]);
    expect(tally.respondents).toBe(3);
    expect(tally.respondedOrganizationIds).toEqual([1, 2]);
    expect(tally.options[1]!.voters.maybe).toEqual([{ userId: 'a', organizationId: 1 }]);
  });

  it('lists voters in the order they voted', () => {
    const tally = tallyPoll([option(1)], [vote(1, 'late', 'yes', 1, 50), vote(1, 'early', 'yes', 1, 10)], [1]);
    expect(tally.options[0]!.voters.yes.map((v) => v.userId)).toEqual(['early', 'late']);
  });
});

describe('pollOutcome', () => {
  it('choice: the option with most votes wins; equal best options are a tie; no votes is no result', () => {
    const options = [option(1), option(2), option(3)];
    expect(pollOutcome('choice', tallyPoll(options, [vote(1, 'a'), vote(1, 'b'), vote(2, 'c')], []))).toMatchObject({ kind: 'winner', option: { option: { id: 1 } } });
    const tie = pollOutcome('choice', tallyPoll(options, [vote(1, 'a'), vote(3, 'c')], []));
    expect(tie.kind).toBe('tie');
    expect(tie.kind === 'tie' && tie.options.map((o) => o.option.id)).toEqual([1, 3]);
    expect(pollOutcome('choice', tallyPoll(options, [], []))).toEqual({ kind: 'none' });
  });

  it('date: most yes wins; equal yes are decided by most if-needed; "no" never counts', () => {
    const options = [option(1), option(2), option(3)];
    const votes = [vote(1, 'a'), vote(1, 'b'), vote(2, 'a'), vote(2, 'b'), vote(2, 'c', 'maybe'), vote(3, 'a', 'no'), vote(3, 'b', 'no'), vote(3, 'c', 'no')];
    expect(pollOutcome('date', tallyPoll(options, votes, []))).toMatchObject({ kind: 'winner', option: { option: { id: 2 } } });
    const tie = pollOutcome('date', tallyPoll(options, [vote(1, 'a'), vote(1, 'b', 'maybe'), vote(2, 'a'), vote(2, 'b', 'maybe')], []));
    expect(tie.kind).toBe('tie');
    expect(pollOutcome('date', tallyPoll(options, [vote(3, 'a', 'maybe')], []))).toMatchObject({ kind: 'winner', option: { option: { id: 3 } } });
    expect(pollOutcome('date', tallyPoll(options, [vote(3, 'a', 'no')], []))).toEqual({ kind: 'none' });
  });
});

describe('bar', () => {
  it('fills in proportion to the total and stays the same width', () => {
    expect(bar(0, 0)).toBe('░░░░░░░░░░');
    expect(bar(1, 2)).toBe('█████░░░░░');
    expect(bar(3, 3)).toBe('██████████');
    expect(bar(1, 3, 6)).toBe('██░░░░');
  });
});

import type { PollOption, PollState, PollVote } from '../../../src/areas/polls/domain/types';
import { pollModal } from '../../../src/areas/polls/slack/views/form';
import { pollMessage, pollResultMessage } from '../../../src/areas/polls/slack/views/poll-message';

const NOW = new Date('2026-11-24T10:00:00Z');
const TZ = 'Europe/Rome';

function state(overrides: Partial<PollState['poll']> = {}, votes: PollVote[] = [], options?: PollOption[]): PollState {
  return {
    poll: {
      id: 7,
      kind: 'choice',
      question: 'Tema <b> & altro?',
      multipleChoice: false,
      anonymous: false,
      voteScope: 'person',
      resultsHidden: false,
      closesAt: new Date('2026-11-30T17:00:00Z'),
      status: 'open',
      closedAt: null,
      resultPostedAt: null,
      reminderCount: 0,
      remindedAt: null,
      ballotKeyId: null,
      channelId: 'C1',
      locale: 'it',
      createdByUserId: 'UCREATOR',
      createdAt: NOW,
      ...overrides,
    },
    options: options ?? [
      { id: 1, pollId: 7, position: 1, label: 'Tirocini', slot: null },
      { id: 2, pollId: 7, position: 2, label: 'Borse <lavoro>', slot: null },
    ],
    votes,
    invitedOrganizations: [
      { id: 10, shortName: 'UEPE', name: 'UEPE Udine' },
      { id: 11, shortName: 'CISL', name: 'UST CISL' },
    ],
    participants: [...new Map(votes.map((x) => [x.voterKey, { participant: x.voterKey, organizationId: x.organizationId }])).values()],
  };
}
const v = (optionId: number, user: string, org: number, answer: PollVote['answer'] = 'yes'): PollVote => ({
  optionId,
  answer,
  voterKey: user,
  voterUserId: user,
  organizationId: org,
  votedAt: NOW,
});
const json = (x: unknown) => JSON.stringify(x);

describe('pollMessage', () => {
  it('shows bars, counts, voters, participation and the deadline in Rome time; escapes user text', () => {
    const m = pollMessage(state({}, [v(1, 'UA', 10), v(1, 'UB', 11), v(2, 'UC', 10)]), 'it', NOW, TZ);
    const text = json(m.blocks);
    expect(text).toContain('Tema &lt;b&gt; &amp; altro?');
    expect(text).toContain('Borse &lt;lavoro&gt;');
    expect(text).toContain('`███████░░░` 2 voti · <@UA>, <@UB>');
    expect(text).toContain('Hanno risposto 2 enti su 2 · 3 risposte · Scade 30/11/2026 ore 18:00');
    expect(text).toContain('"action_id":"poll_vote:1"');
    expect(text).toContain('"action_id":"poll_close:7"');
    expect(m.blocks.length).toBeLessThanOrEqual(50);
  });

  it('anonymous: no voter, not even the creator; hidden: no counts until closed', () => {
    const anon = json(pollMessage(state({ anonymous: true }, [v(1, 'UA', 10)]), 'it', NOW, TZ).blocks);
    expect(anon).not.toContain('UA');
    expect(anon).not.toContain('UCREATOR');
    const hidden = json(pollMessage(state({ resultsHidden: true }, [v(1, 'UA', 10)]), 'en', NOW, TZ).blocks);
    expect(hidden).toContain('Results hidden until the poll closes.');
    expect(hidden).not.toContain('1 vote');
    const closed = json(pollMessage(state({ resultsHidden: true, status: 'closed', closedAt: NOW }, [v(1, 'UA', 10)]), 'en', NOW, TZ).blocks);
    expect(closed).toContain('1 vote');
    expect(closed).toContain('Result: *Tirocini*');
    expect(closed).toContain('poll_reopen:7');
    expect(closed).not.toContain('poll_vote');
  });

  it('per organization: shows organizations instead of people', () => {
    const text = json(pollMessage(state({ voteScope: 'organization' }, [v(1, 'UA', 10)]), 'it', NOW, TZ).blocks);
    expect(text).toContain('1 voto · UEPE');
    expect(text).not.toContain('<@UA>');
  });

  it('date poll: three buttons per slot while open; a closed one offers the convene button on the winner only', () => {
    const slots: PollOption[] = [
      { id: 1, pollId: 7, position: 1, label: 'a', slot: { date: '2026-12-03', start: '10:00', end: '12:00' } },
      { id: 2, pollId: 7, position: 2, label: 'b', slot: { date: '2026-12-04', start: '09:00', end: '11:00' } },
    ];
    const votes = [v(1, 'UA', 10), v(2, 'UA', 10), v(2, 'UB', 11, 'maybe'), v(1, 'UB', 11, 'no')];
    const open = pollMessage(state({ kind: 'date' }, votes, slots), 'it', NOW, TZ);
    const openText = json(open.blocks);
    expect(openText).toContain('giovedì 3 dicembre 2026, 10:00–12:00');
    expect(openText).toContain('poll_vote:2:maybe');
    expect(openText).toContain('Se necessario');
    const closed = pollMessage(state({ kind: 'date', status: 'closed', closedAt: NOW, closesAt: new Date('2026-11-20T00:00:00Z') }, votes, slots), 'it', NOW, TZ);
    const buttons = closed.blocks.flatMap((b) => ('accessory' in b && b.accessory && 'action_id' in b.accessory ? [b.accessory] : []));
    expect(buttons).toEqual([expect.objectContaining({ action_id: 'table_convene_from_poll', value: '{"pollId":7,"date":"2026-12-04","start":"09:00","end":"11:00"}' })]);
    expect(json(closed.blocks)).not.toContain('poll_reopen');
    const tie = pollMessage(state({ kind: 'date', status: 'closed', closedAt: NOW }, [v(1, 'UA', 10), v(2, 'UB', 11)], slots), 'it', NOW, TZ);
    const ids = tie.blocks.flatMap((b) => ('accessory' in b && b.accessory && 'action_id' in b.accessory ? [b.accessory.action_id] : []));
    expect(ids).toEqual(['table_convene_from_poll:1', 'table_convene_from_poll:2']);
  });

  it('stays within 50 blocks with 20 date slots', () => {
    const slots: PollOption[] = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, pollId: 7, position: i + 1, label: 'x', slot: { date: `2026-12-${String(i + 1).padStart(2, '0')}`, start: '10:00', end: '12:00' } }));
    expect(pollMessage(state({ kind: 'date', resultsHidden: true }, [], slots), 'it', NOW, TZ).blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('pollResultMessage', () => {
  it('reports a tie as a tie and no votes as no result', () => {
    expect(pollResultMessage(state({}, [v(1, 'UA', 10), v(2, 'UB', 11)]), 'it').text).toContain('Parità tra: *Tirocini*, *Borse &lt;lavoro&gt;*');
    expect(pollResultMessage(state({}, []), 'en').text).toContain('No votes.');
  });
});

describe('pollModal', () => {
  it('has one input per field and respects the limits', () => {
    const view = pollModal('it', { organizations: [{ id: 1, shortName: 'UEPE', name: 'UEPE Udine' }], channelId: 'C1', kind: 'date', privateMetadata: '{}' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'poll_kind', 'poll_question', 'poll_options', 'poll_slots', 'poll_settings', 'poll_scope', 'poll_organizations', 'poll_deadline_date', 'poll_deadline_time', 'poll_channel',
    ]);
    expect(json(view.blocks[0])).toContain('"initial_option":{"text":{"type":"plain_text","text":"Data per il tavolo","emoji":true},"value":"date"}');
  });
});

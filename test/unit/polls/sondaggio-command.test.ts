import { parseSondaggioCommand } from '../../../src/areas/polls/domain/sondaggio-command';

describe('parseSondaggioCommand', () => {
  it.each([
    ['', { kind: 'new' }],
    ['nuovo', { kind: 'new' }],
    ['new', { kind: 'new' }],
    ['nuovo data', { kind: 'new', pollKind: 'date' }],
    ['data', { kind: 'new', pollKind: 'date' }],
    ['Lista', { kind: 'list' }],
    ['list', { kind: 'list' }],
    ['esporta 12', { kind: 'export', pollId: 12 }],
    ['export #3', { kind: 'export', pollId: 3 }],
    ['esporta', { kind: 'invalid', reason: 'export_usage' }],
    ['esporta tre', { kind: 'invalid', reason: 'export_usage' }],
    ['esporta 1 2', { kind: 'invalid', reason: 'export_usage' }],
    ['aiuto', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['boh', { kind: 'unknown', word: 'boh' }],
  ])('"%s"', (text, expected) => {
    expect(parseSondaggioCommand(text)).toEqual(expected);
  });
});

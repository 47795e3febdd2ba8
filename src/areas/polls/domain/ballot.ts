/** Choice polls store every vote as 'yes'; date polls use all three (Sì / Se necessario / No). */
export const VOTE_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type VoteAnswer = (typeof VOTE_ANSWERS)[number];

/**
 * How a kind keeps a voter's votes: one ballot replaced by each vote (`single`), one per option
 * with its answer (`per_option`), or options added and taken away by each click (`toggle`).
 */
export type Ballot = 'single' | 'per_option' | 'toggle';

/**
 * The table area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { tableArea } from './reporting';
export { delegateButton, markDoneButton, rsvpButtons } from './slack/views';
export { TABLE_IDS } from './slack/ids';

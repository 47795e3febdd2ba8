/**
 * The polls area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */

// Reporting: the polls area's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { pollsReporting, type PollsReporting } from './reporting';
export type { PollSummary, PollsDigestPart, PollsFigures, PollsHomePart, PollsIndicatorsPart } from './domain/reporting';

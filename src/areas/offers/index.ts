/**
 * The offers area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { offersArea } from './reporting';
export { CONTRACT_TYPES, SECTORS } from './domain/types';

/**
 * The polls area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { pollsArea } from './reporting';

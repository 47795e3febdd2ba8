import type { OrganizationKind } from './types';

export interface OrganizationSeed {
  name: string;
  shortName: string;
  kind: OrganizationKind;
  isCoordinatorBody?: boolean;
}

/** The ISO.NEW network as formalised by the Provincia di Gorizia. */
export const ISONEW_ORGANIZATIONS: readonly OrganizationSeed[] = [
  { name: 'Provincia di Gorizia', shortName: 'PROV-GO', kind: 'public_body', isCoordinatorBody: true },
  { name: 'UEPE Udine', shortName: 'UEPE', kind: 'probation_office' },
  { name: 'AGCI FVG', shortName: 'AGCI', kind: 'cooperative' },
  { name: 'Camera del lavoro CDLT Gorizia', shortName: 'CGIL-GO', kind: 'union' },
  { name: 'Confcooperative – Unione provinciale Gorizia', shortName: 'CONFCOOP', kind: 'cooperative' },
  { name: 'CSP UIL Gorizia', shortName: 'UIL-GO', kind: 'union' },
  { name: 'Ente ACLI istruzione professionale FVG', shortName: 'ENAIP', kind: 'training' },
  { name: 'Legacoop FVG', shortName: 'LEGACOOP', kind: 'cooperative' },
  { name: 'UST CISL', shortName: 'CISL', kind: 'union' },
];

export const COORDINATOR_BODY = ISONEW_ORGANIZATIONS[0]!;

import type { Role } from '../areas/network/domain/types';

/**
 * The people of the local playground: the stand-in answers users.info with these names and
 * locales, and `npm run seed -- --demo` adds them to the directory (organization by short name).
 */
export interface DemoUser {
  id: string;
  name: string;
  title: string;
  /** Slack locale as users.info returns it. */
  locale: string;
  organization: string;
  role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'UDEMOCOORD', name: 'Giulia Bressan', title: 'Coordinatrice, Provincia di Gorizia', locale: 'it-IT', organization: 'PROV-GO', role: 'coordinator' },
  { id: 'UDEMOCOOP', name: 'Marco Furlan', title: 'Cooperativa sociale (Legacoop FVG)', locale: 'it-IT', organization: 'LEGACOOP', role: 'partner' },
  { id: 'UDEMOCONF', name: 'Chiara Visintin', title: 'Cooperativa sociale (Confcooperative)', locale: 'it-IT', organization: 'CONFCOOP', role: 'partner' },
  { id: 'UDEMOUEPE', name: 'Sara Colombo', title: 'Assistente sociale, UEPE Udine', locale: 'it-IT', organization: 'UEPE', role: 'partner' },
  { id: 'UDEMOCGIL', name: 'Luca Zorzut', title: 'Sindacato, CGIL Gorizia', locale: 'it-IT', organization: 'CGIL-GO', role: 'partner' },
  { id: 'UDEMOENAIP', name: 'Emma Clarke', title: 'Training officer, ENAIP FVG', locale: 'en-GB', organization: 'ENAIP', role: 'partner' },
  { id: 'UDEMOCISL', name: 'Paolo Marega', title: 'Osservatore, UST CISL', locale: 'it-IT', organization: 'CISL', role: 'observer' },
];

/** The app's bot user and its workspace, as Slack's auth.test, messages and payloads show them. */
export interface BotIdentity {
  readonly userId: string;
  readonly botId: string;
  readonly name: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly appId: string;
  /** The workspace's URL (auth.test); the stand-in's own address when absent. */
  readonly url?: string;
}

/** The app's own bot user in the playground. */
export const LOCAL_BOT: BotIdentity = { userId: 'ULOCALBOT', botId: 'BLOCALBOT', name: 'ISO.NEW', teamId: 'TLOCAL', teamDomain: 'isonew-playground', teamName: 'ISO.NEW playground', appId: 'ALOCALAPP' };

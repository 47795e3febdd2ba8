import { type Arg } from '../messages';

export const it = {
  appName: 'ISO.NEW',
  errors: {
    not_member: (v: { coordinators: Arg }) => `Non fai ancora parte della rete ISO.NEW su Slack. Chiedi a un coordinatore di aggiungerti${v.coordinators}.`,
    not_member_no_coordinators: 'Non fai ancora parte della rete ISO.NEW su Slack, e non risulta ancora nessun coordinatore: chiedi all’amministratore dell’app di inserire il tuo ID utente Slack in ADMIN_USER_IDS.',
    forbidden: (v: { reason: Arg }) => `Non hai i permessi per questa operazione: ${v.reason}`,
    not_found: (v: { what: Arg }) => `${v.what} non trovato.`,
    invalid_input: (v: { reason: Arg }) => `${v.reason}`,
    conflict: (v: { reason: Arg }) => `${v.reason}`,
    database_unavailable: 'Il servizio è temporaneamente non disponibile: non è stato salvato nulla. Riprova tra qualche minuto.',
    slack_unavailable: 'Slack non ha risposto in tempo. Riprova tra poco.',
    internal: 'Si è verificato un errore imprevisto: non è stato salvato nulla. Riprova; se si ripete, avvisa il coordinatore.',
    unknown_command: (v: { command: Arg; base: Arg }) => `Comando sconosciuto: \`${v.command}\`. Scrivi \`${v.base} aiuto\` per l’elenco dei comandi.`,
    unknown_action: 'Questo pulsante non è più valido. Riapri il messaggio più recente.',
  },
  reasons: {
    coordinators_only: 'solo i coordinatori della rete possono farlo.',
    observers_read_only: 'gli osservatori possono consultare ma non modificare.',
  },
  roles: {
    coordinator: 'coordinatore',
    partner: 'partner',
    observer: 'osservatore',
  },
  /** A role as a function, the same for everyone who holds it («Ruolo: coordinamento»), never gendered. */
  roleFunctions: {
    coordinator: 'coordinamento',
    partner: 'partner',
    observer: 'osservazione',
  },
  orgKinds: {
    public_body: 'ente pubblico',
    cooperative: 'cooperativa sociale',
    union: 'sindacato',
    probation_office: 'ufficio di esecuzione penale esterna',
    training: 'formazione professionale',
    association: 'associazione',
  },
  buttons: {
    cancel: 'Annulla',
    save: 'Salva',
    close: 'Chiudi',
    more: 'Altri',
  },
  personal_data: {
    tax_code: 'Sembra un codice fiscale: qui non si scrivono dati personali (le persone interessate sono detenute ed ex detenute; tutela dell’art. 10 GDPR). Usa solo il codice pseudonimo assegnato dal tuo ente.',
    email: 'Sembra un indirizzo e-mail: qui non si scrivono dati personali né recapiti. Togli l’indirizzo e riprova.',
    phone: 'Sembra un numero di telefono: qui non si scrivono dati personali né recapiti. Togli il numero e riprova.',
  },
  publisher: {
    cannot_post: (v: { channel: Arg }) => `Non riesco a pubblicare in <#${v.channel}>: invita l’app nel canale (\`/invite @ISO.NEW\`) oppure scegli un altro canale. Riprovo ogni due ore.`,
  },
  more: (v: { count: number }) => `…e altri ${v.count}`,
  none: 'nessuno',
  list_separator: ', ',
};

export type CommonMessages = typeof it;

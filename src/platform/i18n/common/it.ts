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
    refused: (v: { field: Arg; kind: Arg; hint: Arg }) =>
      `«${v.field}»: sembra contenere ${v.kind}. Qui non si scrivono dati personali (le persone interessate sono detenute ed ex detenute; tutela dell’art. 10 GDPR): ${v.hint}`,
    refused_here: (v: { kind: Arg; hint: Arg }) =>
      `Sembra contenere ${v.kind}. Qui non si scrivono dati personali (le persone interessate sono detenute ed ex detenute; tutela dell’art. 10 GDPR): ${v.hint}`,
    kinds: {
      tax_code: 'un codice fiscale',
      email: 'un indirizzo e-mail',
      phone: 'un numero di telefono',
      iban: 'un IBAN',
      id_document: 'il numero di un documento d’identità',
      birth_date: 'una data di nascita',
      person_name: 'il nome di una persona',
      judicial: 'un dato giudiziario (matricola, fine pena)',
    },
    hints: {
      tax_code: 'toglilo e usa solo il codice pseudonimo assegnato dal tuo ente.',
      email: 'togli l’indirizzo e riprova.',
      phone: 'togli il numero e riprova.',
      iban: 'togli l’IBAN e riprova.',
      id_document: 'togli il numero del documento e riprova.',
      birth_date: 'togli la data di nascita e riprova.',
      person_name: 'togli il nome e usa solo il codice pseudonimo della candidata.',
      judicial: 'togli il dato e riprova.',
    },
  },
  publisher: {
    cannot_post: (v: { channel: Arg }) => `Non riesco a pubblicare in <#${v.channel}>: invita l’app nel canale (\`/invite @ISO.NEW\`) oppure scegli un altro canale. Riprovo ogni due ore.`,
  },
  more: (v: { count: number }) => `…e altri ${v.count}`,
  none: 'nessuno',
  list_separator: ', ',
};

export type CommonMessages = typeof it;

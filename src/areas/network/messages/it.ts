import { plural, type Arg } from '../../../platform/i18n/messages';

export const it = {
  help: {
    title: 'Comandi di `/rete`: la rete ISO.NEW, enti e referenti',
    lines: '• `/rete` o `/rete lista`: gli enti della rete e i loro referenti\n• `/rete io`: il tuo ente e il tuo ruolo\n• `/rete aggiungi @utente <ente> [ruolo]`: aggiunge o sposta un referente (solo coordinatori). Ruoli: coordinatore, partner, osservatore; predefinito partner\n• `/rete rimuovi @utente`: toglie un referente dalla rete (solo coordinatori)\n• `/rete ente nuovo`: aggiunge un ente (solo coordinatori)\n• `/rete aiuto`: questo elenco',
    other_commands: 'Altri comandi: `/offerta`, `/tavolo`, `/sondaggio`, `/riepilogo` (scrivi `aiuto` dopo ciascuno).',
  },
  list: {
    header: 'Rete ISO.NEW: enti e referenti',
    empty: 'La rete non ha ancora enti. Un coordinatore può caricarli con `npm run seed` o con `/rete ente nuovo`.',
    org_line: (v: { name: Arg; shortName: Arg; kind: Arg }) => `*${v.name}* (${v.shortName}) · ${v.kind}`,
    coordinator_body: 'ente capofila',
    inactive: 'non attivo',
    no_members: '_Nessun referente su Slack._',
    member: (v: { userId: Arg; role: Arg }) => `<@${v.userId}> (${v.role})`,
    summary: (v: { count: number; members: number }) =>
      `${plural('it', v.count, { one: `${v.count} ente`, other: `${v.count} enti` })} · ${plural('it', v.members, { one: `${v.members} referente`, other: `${v.members} referenti` })}`,
  },
  me: {
    member: (v: { userId: Arg; role: Arg; organization: Arg; shortName: Arg }) => `<@${v.userId}> · Ruolo: *${v.role}* · *${v.organization}* (${v.shortName})`,
    admin_note: 'Hai il ruolo di coordinamento perché il tuo ID è in ADMIN_USER_IDS.',
  },
  add: {
    usage: 'Uso: `/rete aggiungi @utente <ente> [ruolo]`, ad esempio `/rete aggiungi @maria UEPE partner`. L’ente è la sigla o il nome; il ruolo è coordinatore, partner o osservatore.',
    missing_user: 'Manca l’utente: scrivi `@` e scegli la persona dal menu di Slack.',
    missing_org: (v: { shortNames: Arg }) => `Manca l’ente. Sigle disponibili: ${v.shortNames}.`,
    unknown_org: (v: { query: Arg; shortNames: Arg }) => `Nessun ente corrisponde a «${v.query}». Sigle disponibili: ${v.shortNames}.`,
    ambiguous_org: (v: { query: Arg; matches: Arg }) => `«${v.query}» corrisponde a più enti (${v.matches}): usa la sigla.`,
    unknown_role: (v: { role: Arg }) => `Ruolo sconosciuto «${v.role}»: usa coordinatore, partner o osservatore.`,
    too_many_words: (v: { extra: Arg }) => `Troppe parole dopo l’ente: «${v.extra}». Il ruolo è una sola parola.`,
    inactive_org: (v: { shortName: Arg }) => `L’ente ${v.shortName} non è attivo.`,
    added: (v: { userId: Arg; role: Arg; organization: Arg }) => `<@${v.userId}> ora è *${v.role}* per *${v.organization}*.`,
    moved: (v: { userId: Arg; role: Arg; organization: Arg; previousRole: Arg; previousOrganization: Arg }) => `<@${v.userId}> ora è *${v.role}* per *${v.organization}* (prima: ${v.previousRole} per ${v.previousOrganization}).`,
    unchanged: (v: { userId: Arg; role: Arg; organization: Arg }) => `<@${v.userId}> è già ${v.role} per ${v.organization}: nessuna modifica.`,
    bot: 'Non si può aggiungere un bot alla rete.',
  },
  remove: {
    usage: 'Uso: `/rete rimuovi @utente`.',
    removed: (v: { userId: Arg; organization: Arg }) => `<@${v.userId}> non fa più parte della rete (${v.organization}).`,
    not_member: (v: { userId: Arg }) => `<@${v.userId}> non fa parte della rete: nessuna modifica.`,
    admin: (v: { userId: Arg }) => `<@${v.userId}> è coordinatore per configurazione (ADMIN_USER_IDS): va tolto da lì.`,
    last_coordinator: 'Non puoi togliere l’ultimo coordinatore della rete: aggiungine prima un altro.',
  },
  org: {
    modal_title: 'Nuovo ente',
    name_label: 'Nome dell’ente',
    name_placeholder: 'Es. Cooperativa sociale La Quercia',
    short_name_label: 'Sigla',
    short_name_hint: 'Breve, senza spazi: serve nei comandi, es. «/rete aggiungi @utente QUERCIA».',
    kind_label: 'Tipo di ente',
    submit: 'Aggiungi',
    name_required: 'Scrivi il nome dell’ente.',
    name_too_long: (v: { max: Arg }) => `Al massimo ${v.max} caratteri.`,
    short_name_invalid: 'Da 2 a 20 caratteri tra lettere, cifre, trattini e punti, senza spazi.',
    name_taken: 'Esiste già un ente con questo nome.',
    short_name_taken: 'Esiste già un ente con questa sigla.',
    kind_required: 'Scegli il tipo di ente.',
    created: (v: { name: Arg; shortName: Arg }) => `Ente aggiunto: *${v.name}* (${v.shortName}). Ora puoi aggiungere i referenti con \`/rete aggiungi @utente ${v.shortName}\`.`,
    usage: 'Uso: `/rete ente nuovo`.',
  },
};

export type NetworkMessages = typeof it;

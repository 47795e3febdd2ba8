export const network = {
  help: {
    title: 'Comandi di `/rete`: la rete ISO.NEW, enti e referenti',
    lines:
      '• `/rete` o `/rete lista`: gli enti della rete e i loro referenti\n' +
      '• `/rete io`: il tuo ente e il tuo ruolo\n' +
      '• `/rete aggiungi @utente <ente> [ruolo]`: aggiunge o sposta un referente (solo coordinatori). Ruoli: coordinatore, partner, osservatore; predefinito partner\n' +
      '• `/rete rimuovi @utente`: toglie un referente dalla rete (solo coordinatori)\n' +
      '• `/rete ente nuovo`: aggiunge un ente (solo coordinatori)\n' +
      '• `/rete aiuto`: questo elenco',
    other_commands: 'Altri comandi: `/offerta`, `/tavolo`, `/sondaggio`, `/riepilogo` (scrivi `aiuto` dopo ciascuno).',
  },
  list: {
    header: 'Rete ISO.NEW: enti e referenti',
    empty: 'La rete non ha ancora enti. Un coordinatore può caricarli con `npm run seed` o con `/rete ente nuovo`.',
    org_line: '*{{name}}* ({{shortName}}) · {{kind}}',
    coordinator_body: 'ente capofila',
    inactive: 'non attivo',
    no_members: '_Nessun referente su Slack._',
    member: '<@{{userId}}> ({{role}})',
    summary_one: '{{count}} ente · {{members}} referenti',
    summary_other: '{{count}} enti · {{members}} referenti',
  },
  me: {
    member: 'Sei <@{{userId}}>, *{{role}}* per *{{organization}}* ({{shortName}}).',
    admin_note: 'Sei coordinatore perché il tuo ID è in ADMIN_USER_IDS.',
  },
  add: {
    usage:
      'Uso: `/rete aggiungi @utente <ente> [ruolo]`, ad esempio `/rete aggiungi @maria UEPE partner`. L’ente è la sigla o il nome; il ruolo è coordinatore, partner o osservatore.',
    missing_user: 'Manca l’utente: scrivi `@` e scegli la persona dal menu di Slack.',
    missing_org: 'Manca l’ente. Sigle disponibili: {{shortNames}}.',
    unknown_org: 'Nessun ente corrisponde a «{{query}}». Sigle disponibili: {{shortNames}}.',
    ambiguous_org: '«{{query}}» corrisponde a più enti ({{matches}}): usa la sigla.',
    unknown_role: 'Ruolo sconosciuto «{{role}}»: usa coordinatore, partner o osservatore.',
    too_many_words: 'Troppe parole dopo l’ente: «{{extra}}». Il ruolo è una sola parola.',
    inactive_org: 'L’ente {{shortName}} non è attivo.',
    added: '<@{{userId}}> ora è *{{role}}* per *{{organization}}*.',
    moved: '<@{{userId}}> ora è *{{role}}* per *{{organization}}* (prima: {{previousRole}} per {{previousOrganization}}).',
    unchanged: '<@{{userId}}> è già {{role}} per {{organization}}: nessuna modifica.',
    bot: 'Non si può aggiungere un bot alla rete.',
  },
  remove: {
    usage: 'Uso: `/rete rimuovi @utente`.',
    removed: '<@{{userId}}> non fa più parte della rete ({{organization}}).',
    not_member: '<@{{userId}}> non fa parte della rete: nessuna modifica.',
    admin: '<@{{userId}}> è coordinatore per configurazione (ADMIN_USER_IDS): va tolto da lì.',
    last_coordinator: 'Non puoi togliere l’ultimo coordinatore della rete: aggiungine prima un altro.',
  },
  org: {
    modal_title: 'Nuovo ente',
    name_label: 'Nome dell’ente',
    name_placeholder: 'Es. Cooperativa sociale La Quercia',
    short_name_label: 'Sigla',
    short_name_hint: 'Breve, senza spazi: serve nei comandi, es. `/rete aggiungi @utente QUERCIA`.',
    kind_label: 'Tipo di ente',
    submit: 'Aggiungi',
    name_required: 'Scrivi il nome dell’ente.',
    name_too_long: 'Al massimo {{max}} caratteri.',
    short_name_invalid: 'Da 2 a 20 caratteri tra lettere, cifre, trattini e punti, senza spazi.',
    name_taken: 'Esiste già un ente con questo nome.',
    short_name_taken: 'Esiste già un ente con questa sigla.',
    kind_required: 'Scegli il tipo di ente.',
    created: 'Ente aggiunto: *{{name}}* ({{shortName}}). Ora puoi aggiungere i referenti con `/rete aggiungi @utente {{shortName}}`.',
    usage: 'Uso: `/rete ente nuovo`.',
  },
} as const;

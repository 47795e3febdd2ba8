/* The playground page: who you are, channels, the app's DM and Home tab, a composer for slash
 * commands, and modals. Everything it shows comes from /ui/state; everything it does goes
 * through /ui/* to the stand-in, which sends it to the app as Slack would. */
(function () {
  'use strict';
  const BK = window.BlockKit;
  const $ = (id) => document.getElementById(id);

  const CHROME = {
    it: {
      who: 'Tu sei', channels: 'Canali', app: 'App', home: 'ISO.NEW · Home', messages: 'ISO.NEW · Messaggi', send: 'Invia',
      placeholder: 'Scrivi un messaggio o un comando, es. /rete aiuto', onlyYou: 'Visibile solo a te', edited: '(modificato)',
      noHome: "L'app non ha (ancora) pubblicato una scheda Home per te.", empty: 'Nessun messaggio.', cancel: 'Annulla',
      note: 'Ambiente locale: nessun dato lascia questo computer.', reply: 'risposta', replies: 'risposte', optional: 'facoltativo',
      composer: 'Messaggio o comando',
    },
    en: {
      who: 'You are', channels: 'Channels', app: 'Apps', home: 'ISO.NEW · Home', messages: 'ISO.NEW · Messages', send: 'Send',
      placeholder: 'Type a message or a command, e.g. /rete help', onlyYou: 'Only visible to you', edited: '(edited)',
      noHome: 'The app has not published a Home tab for you (yet).', empty: 'No messages yet.', cancel: 'Cancel',
      note: 'Local playground: no data leaves this computer.', reply: 'reply', replies: 'replies', optional: 'optional',
      composer: 'Message or command',
    },
  };

  let me = localStorage.getItem('playground.user') || '';
  let where = JSON.parse(localStorage.getItem('playground.where') || '{"kind":"channel","id":"C0GENERALE"}');
  let state = null;
  let modalKey = '';

  const chrome = () => {
    const user = state && state.users.find((u) => u.id === me);
    return CHROME[user && user.locale.startsWith('en') ? 'en' : 'it'];
  };

  function ctx() {
    const names = new Map(state.users.map((u) => [u.id, u.name]));
    names.set(state.bot.id, state.bot.name);
    const channels = new Map(state.channels.map((c) => [c.id, c.name]));
    return {
      userName: (id) => names.get(id),
      channelName: (id) => channels.get(id),
      users: state.users,
      channels: state.channels,
      optionalText: chrome().optional,
    };
  }

  async function post(path, body) {
    const res = await fetch('/ui/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.assign({ user: me }, body)) });
    const json = await res.json().catch(() => ({}));
    if (!json.ok) console.warn('playground', path, json);
    await refresh();
    return json;
  }

  async function refresh() {
    const res = await fetch('/ui/state?user=' + encodeURIComponent(me));
    if (!res.ok) return;
    state = await res.json();
    if (me !== state.me) {
      me = state.me;
      save();
    }
    render();
  }

  /** The newest message seen per channel, per person: the sidebar counts what came after. */
  function markSeen(channelId) {
    const key = 'playground.seen.' + me;
    const seen = JSON.parse(localStorage.getItem(key) || '{}');
    if (channelId) {
      // Timestamps have a fixed width ("1700000000.000123"), so they compare as strings.
      const latest = state.messages.filter((m) => m.channel === channelId).reduce((max, m) => (m.ts > max ? m.ts : max), '');
      if (latest > (seen[channelId] || '')) {
        seen[channelId] = latest;
        localStorage.setItem(key, JSON.stringify(seen));
      }
    }
    return seen;
  }

  function save() {
    localStorage.setItem('playground.user', me);
    localStorage.setItem('playground.where', JSON.stringify(where));
  }

  // ---- rendering ---------------------------------------------------------------------------

  function render() {
    const c = chrome();
    document.documentElement.lang = c === CHROME.en ? 'en' : 'it';
    document.body.setAttribute('data-user', state.me);
    $('who-label').textContent = c.who;
    $('channels-heading').textContent = c.channels;
    $('app-heading').textContent = c.app;
    $('nav-home').textContent = c.home;
    $('composer-send').textContent = c.send;
    $('composer-input').placeholder = c.placeholder;
    $('composer-input').setAttribute('aria-label', c.composer);
    $('note').textContent = c.note;

    const who = $('who');
    if (who.options.length !== state.users.length) {
      who.innerHTML = state.users.map((u) => '<option value="' + BK.escapeHtml(u.id) + '">' + BK.escapeHtml(u.name) + '</option>').join('');
    }
    who.value = me;
    const meUser = state.users.find((u) => u.id === me);
    $('who-title').textContent = meUser ? meUser.title : '';

    const open = where.kind === 'messages' ? state.imChannel : where.kind === 'channel' ? where.id : null;
    const seen = markSeen(open);
    const badge = (channelId) => {
      const unread = state.messages.filter((m) => m.channel === channelId && m.user !== me && m.ts > (seen[channelId] || '')).length;
      return unread ? '<span class="badge" aria-label="unread">' + unread + '</span>' : '';
    };
    $('channels').innerHTML = state.channels
      .filter((ch) => ch.kind === 'channel')
      .map((ch) => '<li><button type="button" class="nav' + (where.kind === 'channel' && where.id === ch.id ? ' active' : '') + '" data-nav="channel" data-id="' + BK.escapeHtml(ch.id) + '"># ' + BK.escapeHtml(ch.name) + badge(ch.id) + '</button></li>')
      .join('');
    $('nav-home').classList.toggle('active', where.kind === 'home');
    $('nav-messages').classList.toggle('active', where.kind === 'messages');
    $('nav-messages').innerHTML = BK.escapeHtml(c.messages) + badge(state.imChannel);

    const surface = $('surface');
    const title = $('title');
    if (where.kind === 'home') {
      title.textContent = c.home;
      $('composer').hidden = true;
      surface.innerHTML = state.home
        ? '<div class="home" data-view-id="' + BK.escapeHtml(state.home.id) + '">' + BK.blocks(state.home.view.blocks, ctx()) + '</div>'
        : '<p class="placeholder" id="home-placeholder">' + BK.escapeHtml(c.noHome) + '</p>';
    } else {
      const channelId = where.kind === 'messages' ? state.imChannel : where.id;
      const channel = state.channels.find((ch) => ch.id === channelId);
      title.textContent = where.kind === 'messages' ? c.messages : '# ' + (channel ? channel.name : channelId);
      $('composer').hidden = false;
      const stick = surface.scrollHeight - surface.scrollTop - surface.clientHeight < 40;
      // The channel's canvas (the minutes), as Slack shows it in a tab at the top of the channel.
      const canvas = where.kind === 'channel' && (state.canvases || []).find((cv) => cv.channel === channelId);
      surface.innerHTML = (canvas ? '<details class="canvas" id="canvas" open><summary>📄 ' + BK.escapeHtml(canvas.title) + '</summary>' + BK.canvasHtml(canvas.markdown, ctx()) + '</details>' : '') + messagesHtml(channelId, c);
      if (stick) surface.scrollTop = surface.scrollHeight;
    }
    renderModal(c);
  }

  function messagesHtml(channelId, c) {
    const list = state.messages.filter((m) => m.channel === channelId);
    if (!list.length) return '<p class="placeholder">' + BK.escapeHtml(c.empty) + '</p>';
    const top = list.filter((m) => !m.threadTs || m.threadTs === m.ts);
    const replies = (ts) => list.filter((m) => m.threadTs === ts && m.ts !== ts);
    return top
      .map((m) => {
        const thread = replies(m.ts);
        return messageHtml(m, c) + (thread.length ? '<div class="thread"><div class="thread-count">' + thread.length + ' ' + BK.escapeHtml(thread.length === 1 ? c.reply : c.replies) + '</div>' + thread.map((r) => messageHtml(r, c)).join('') + '</div>' : '');
      })
      .join('');
  }

  function messageHtml(m, c) {
    const author = m.user === state.bot.id ? state.bot.name : (state.users.find((u) => u.id === m.user) || { name: m.user }).name;
    const when = new Date(Number(m.ts.split('.')[0]) * 1000).toLocaleTimeString(c === CHROME.en ? 'en-GB' : 'it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' });
    const files = (m.files || [])
      .map((f) => '<a class="file" download href="/files/' + encodeURIComponent(f.id) + '">📎 ' + BK.escapeHtml(f.title || f.name) + ' <small>(' + BK.escapeHtml(f.name) + ')</small></a>')
      .join('');
    return (
      '<article class="msg' + (m.forUser ? ' ephemeral' : '') + '" data-channel="' + BK.escapeHtml(m.channel) + '" data-ts="' + BK.escapeHtml(m.ts) + '">' +
      '<div class="meta"><strong>' + BK.escapeHtml(author) + '</strong>' + (m.user === state.bot.id ? ' <span class="app-tag">APP</span>' : '') + ' <time>' + BK.escapeHtml(when) + '</time>' +
      (m.edited ? ' <span class="edited">' + BK.escapeHtml(c.edited) + '</span>' : '') +
      (m.forUser ? ' <span class="only-you">' + BK.escapeHtml(c.onlyYou) + '</span>' : '') + '</div>' +
      '<div class="body">' + BK.messageBody(m, ctx()) + files + '</div></article>'
    );
  }

  function renderModal(c) {
    const layer = $('modal-layer');
    const modal = state.modal;
    if (!modal) {
      layer.hidden = true;
      layer.innerHTML = '';
      modalKey = '';
      return;
    }
    const key = modal.id + '|' + modal.hash;
    if (key !== modalKey) {
      // The same view updated (views.update): like Slack, keep what was typed in inputs whose
      // block_id and action_id are still there.
      const sameView = modalKey.split('|')[0] === modal.id;
      const typed = sameView ? collectValues(layer) : {};
      modalKey = key;
      const v = modal.view;
      layer.innerHTML =
        '<div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-view-id="' + BK.escapeHtml(modal.id) + '">' +
        '<header><h1 id="modal-title">' + BK.escapeHtml(v.title ? v.title.text : '') + '</h1><button type="button" class="modal-x" data-modal="close" aria-label="×">×</button></header>' +
        '<div class="modal-body">' + BK.blocks(v.blocks, ctx(), {}) + '<div class="bk-error" data-error-for="_"></div></div>' +
        '<footer><button type="button" class="bk-button" data-modal="close">' + BK.escapeHtml(v.close ? v.close.text : c.cancel) + '</button>' +
        (v.submit ? '<button type="button" class="bk-button bk-primary" data-modal="submit">' + BK.escapeHtml(v.submit.text) + '</button>' : '') +
        '</footer></div>';
      layer.hidden = false;
      restoreValues(layer, typed);
    }
    // Errors are placed in the open form without re-rendering it: what was typed stays.
    const errors = modal.errors || {};
    layer.querySelectorAll('[data-error-for]').forEach((slot) => {
      const text = errors[slot.getAttribute('data-error-for')] || '';
      slot.textContent = text;
      const block = slot.closest('.bk-input');
      if (block) block.classList.toggle('bk-has-error', Boolean(text));
    });
  }

  // ---- reading controls ----------------------------------------------------------------------

  function rawValue(control) {
    if (control.tagName === 'SELECT') {
      if (control.multiple) return Array.from(control.selectedOptions).map((o) => o.value);
      return control.value;
    }
    if (control.classList.contains('bk-choices')) {
      const checked = Array.from(control.querySelectorAll('input:checked')).map((i) => i.value);
      return control.getAttribute('data-type') === 'checkboxes' ? checked : checked[0] || null;
    }
    return control.value;
  }

  function setRaw(control, raw) {
    const values = Array.isArray(raw) ? raw : raw == null ? [] : [String(raw)];
    if (control.tagName === 'SELECT') {
      Array.from(control.options).forEach((o) => (o.selected = values.includes(o.value)));
      if (!control.multiple && !values.length) control.value = '';
    } else if (control.classList.contains('bk-choices')) {
      control.querySelectorAll('input').forEach((i) => (i.checked = values.includes(i.value)));
    } else {
      control.value = values[0] || '';
    }
  }

  function restoreValues(root, values) {
    root.querySelectorAll('.bk-input [data-element]').forEach((control) => {
      const el = elementOf(control);
      const kept = values[control.getAttribute('data-block-id')];
      const value = kept && kept[el.action_id];
      if (value && value.type === el.type) setRaw(control, BK.rawFromState(value));
    });
  }

  function elementOf(control) {
    return JSON.parse(control.getAttribute('data-element'));
  }

  /** view.state.values for every input (and interactive element) of a modal or Home tab. */
  function collectValues(root) {
    const values = {};
    root.querySelectorAll('[data-element]').forEach((control) => {
      const el = elementOf(control);
      if (el.type === 'button' || el.type === 'overflow' || !el.action_id) return;
      const blockId = control.getAttribute('data-block-id');
      values[blockId] = values[blockId] || {};
      values[blockId][el.action_id] = BK.stateValue(el, rawValue(control));
    });
    return values;
  }

  function sourceOf(control) {
    const msg = control.closest('.msg');
    if (msg) return { type: 'message', channel: msg.getAttribute('data-channel'), ts: msg.getAttribute('data-ts') };
    const view = control.closest('[data-view-id]');
    return { type: 'view', viewId: view.getAttribute('data-view-id') };
  }

  function confirmed(el) {
    if (!el.confirm) return true;
    const t = (o) => (o ? o.text : '');
    return window.confirm(t(el.confirm.title) + '\n\n' + t(el.confirm.text));
  }

  async function interact(control, raw) {
    const el = elementOf(control);
    if (!confirmed(el)) return;
    const source = sourceOf(control);
    const root = control.closest('.modal, .home, .msg');
    const values = root ? collectValues(root) : {};
    await post('action', { source, action: BK.actionOf(el, control.getAttribute('data-block-id'), raw), values });
  }

  /** Options of an external select, asked from the app (block_suggestion) when it is first opened. */
  async function loadSuggestions(control) {
    if (control.getAttribute('data-loaded')) return;
    control.setAttribute('data-loaded', '1');
    const el = elementOf(control);
    const res = await fetch('/ui/suggest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: me, source: sourceOf(control), blockId: control.getAttribute('data-block-id'), actionId: el.action_id, value: '' }),
    });
    const json = await res.json().catch(() => ({}));
    const options = Array.isArray(json.options) ? json.options : [];
    const selected = new Set(Array.from(control.selectedOptions).map((o) => o.value));
    const head = control.multiple ? '' : '<option value="">' + BK.escapeHtml(el.placeholder ? el.placeholder.text : '—') + '</option>';
    control.innerHTML = head + options.map((o) => '<option value="' + BK.escapeHtml(o.value) + '"' + (selected.has(o.value) ? ' selected' : '') + '>' + BK.escapeHtml(o.text ? o.text.text : o.value) + '</option>').join('');
    // Slack sends the chosen option's text back: keep the loaded options with the element.
    el.options = options;
    control.setAttribute('data-element', JSON.stringify(el));
  }

  document.addEventListener('focusin', (e) => {
    const target = e.target instanceof Element ? e.target.closest('select.bk-external') : null;
    if (target) void loadSuggestions(target);
  });

  // ---- events --------------------------------------------------------------------------------

  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const nav = target.closest('[data-nav]');
    if (nav) {
      const kind = nav.getAttribute('data-nav');
      where = kind === 'channel' ? { kind, id: nav.getAttribute('data-id') } : { kind };
      save();
      if (kind === 'home') void post('home-opened', { tab: 'home' });
      else if (kind === 'messages') void post('home-opened', { tab: 'messages' });
      else render();
      return;
    }
    const modalButton = target.closest('[data-modal]');
    if (modalButton && state.modal) {
      const viewId = state.modal.id;
      if (modalButton.getAttribute('data-modal') === 'submit') void post('submit', { viewId, values: collectValues($('modal-layer')) });
      else void post('close', { viewId });
      return;
    }
    const button = target.closest('button.bk-interactive');
    if (button) void interact(button, null);
  });

  document.addEventListener('change', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    if (target.id === 'who') {
      me = target.value;
      save();
      modalKey = '';
      void refresh().then(() => {
        if (where.kind !== 'channel') void post('home-opened', { tab: where.kind === 'home' ? 'home' : 'messages' });
      });
      return;
    }
    // Interactive elements, and inputs of blocks with dispatch_action, send block_actions.
    const control = target.closest('.bk-interactive, .bk-dispatch .bk-field');
    if (!control || control.tagName === 'BUTTON' || control.tagName === 'A') return;
    const raw = rawValue(control);
    if (control.classList.contains('bk-overflow')) control.value = '';
    void interact(control, raw);
  });

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const channel = where.kind === 'messages' ? state.imChannel : where.id;
    void post(text.startsWith('/') ? 'command' : 'say', { channel, text });
  });

  let pending = null;
  const events = new EventSource('/ui/events');
  events.onmessage = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      void refresh();
    }, 50);
  };

  void refresh();
})();

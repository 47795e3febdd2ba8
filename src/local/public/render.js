/*
 * Block Kit and mrkdwn → HTML for the local playground. Pure functions with no DOM access, so
 * the same file runs in the browser (window.BlockKit) and in unit tests (require). Every
 * string that comes from a message is escaped: the only markup is the markup made here.
 */
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.BlockKit = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function escapeHtml(value) {
    return String(value == null ? '' : value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** Slack escapes &, < and > in message text; undo that before escaping for HTML. */
  function unescapeSlack(text) {
    return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function safeUrl(url) {
    return /^(https?:|mailto:)/i.test(url) ? url : null;
  }

  function lookup(fn, id) {
    if (typeof fn !== 'function') return undefined;
    const found = fn(id);
    return found == null ? undefined : String(found);
  }

  /** One `<…>` entity of Slack's message syntax (link, mention, channel, special). */
  function renderEntity(inner, ctx) {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) {
      const id = target.slice(1);
      const name = lookup(ctx.userName, id) || label || id;
      return '<span class="bk-mention" data-user="' + escapeHtml(id) + '">@' + escapeHtml(unescapeSlack(name)) + '</span>';
    }
    if (target.startsWith('#')) {
      const id = target.slice(1);
      const name = lookup(ctx.channelName, id) || label || id;
      return '<span class="bk-mention bk-channel">#' + escapeHtml(unescapeSlack(name)) + '</span>';
    }
    if (target.startsWith('!')) {
      if (target.startsWith('!date') && label) return escapeHtml(unescapeSlack(label));
      const word = target.slice(1).split('^')[0];
      return '<span class="bk-mention">@' + escapeHtml(label || word) + '</span>';
    }
    const url = safeUrl(unescapeSlack(target));
    const text = unescapeSlack(label || target);
    if (!url) return escapeHtml(text);
    return '<a href="' + escapeHtml(url) + '" target="_blank" rel="noopener noreferrer">' + escapeHtml(text) + '</a>';
  }

  /** Slack's shortcodes for the emoji the app's messages use (and a few common ones); others stay as typed. */
  const EMOJI = {
    lock: '🔒', hourglass: '⌛', hourglass_flowing_sand: '⏳', white_check_mark: '✅', x: '❌', no_entry_sign: '🚫', no_entry: '⛔',
    large_green_circle: '🟢', large_yellow_circle: '🟡', red_circle: '🔴', large_blue_circle: '🔵', white_circle: '⚪',
    calendar: '📆', date: '📅', spiral_calendar_pad: '🗓️', clock1: '🕐', alarm_clock: '⏰', warning: '⚠️', information_source: 'ℹ️',
    bell: '🔔', memo: '📝', pushpin: '📌', round_pushpin: '📍', bar_chart: '📊', chart_with_upwards_trend: '📈', ballot_box_with_ballot: '🗳️',
    busts_in_silhouette: '👥', bust_in_silhouette: '👤', office: '🏢', handshake: '🤝', briefcase: '💼', page_facing_up: '📄',
    paperclip: '📎', envelope: '✉️', email: '📧', link: '🔗', mag: '🔍', wave: '👋', tada: '🎉', question: '❓', heavy_check_mark: '✔️',
    arrow_right: '➡️', point_right: '👉', sparkles: '✨', star: '⭐', thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎',
  };
  function emoji(html) {
    return html.replace(/:([a-z0-9_+-]+):/g, (code, name) => (Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : code));
  }

  const BOUNDARY_BEFORE = '(^|[\\s(\\[{>"\'\\u2018\\u201c\\u0000])';
  const BOUNDARY_AFTER = '(?=$|[\\s)\\]}.,;:!?<"\'\\u2019\\u201d\\u0000])';
  function styleRule(marker, tag) {
    const m = marker.replace(/[*~]/g, '\\$&');
    return [new RegExp(BOUNDARY_BEFORE + m + '([^' + m + '\\n]*[^' + m + '\\s])' + m + BOUNDARY_AFTER, 'g'), tag];
  }
  const STYLES = [styleRule('*', 'strong'), styleRule('_', 'em'), styleRule('~', 'del')];

  /**
   * mrkdwn → HTML: *bold*, _italic_, ~strike~, `code`, ```preformatted```, > quotes,
   * <url|text> links (http, https, mailto only), <@U…> as names, <#C…> as channel names.
   */
  function mrkdwn(text, ctx) {
    ctx = ctx || {};
    const slots = [];
    const keep = (html) => '\u0000' + (slots.push(html) - 1) + '\u0000';
    let s = String(text == null ? '' : text).replace(/\u0000/g, '');
    s = s.replace(/```([\s\S]*?)```/g, (_, code) => keep('<pre class="bk-pre">' + escapeHtml(unescapeSlack(code.replace(/^\n/, ''))) + '</pre>'));
    s = s.replace(/`([^`\n]+)`/g, (_, code) => keep('<code>' + escapeHtml(unescapeSlack(code)) + '</code>'));
    s = s.replace(/<([^<>\n]+)>/g, (_, inner) => keep(renderEntity(inner, ctx)));
    s = emoji(escapeHtml(unescapeSlack(s)));
    for (const [re, tag] of STYLES) s = s.replace(re, (_, before, inner) => before + '<' + tag + '>' + inner + '</' + tag + '>');
    s = s
      .split('\n')
      .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? '<blockquote>' + line.replace(/^&gt; ?/, '') + '</blockquote>' : line))
      .join('\n')
      .replace(/<\/blockquote>\n<blockquote>/g, '<br>')
      .replace(/\n/g, '<br>');
    return s.replace(/\u0000(\d+)\u0000/g, (_, i) => slots[Number(i)]);
  }

  /** A text object: plain_text escaped as is, mrkdwn formatted. */
  function textObject(obj, ctx) {
    if (!obj) return '';
    if (typeof obj === 'string') return escapeHtml(obj);
    if (obj.type === 'mrkdwn') return mrkdwn(obj.text, ctx);
    return plainHtml(obj);
  }

  /** A plain_text object as HTML: escaped, with its emoji shortcodes shown unless `emoji: false`. */
  function plainHtml(obj) {
    const html = escapeHtml(plainText(obj));
    return obj && obj.emoji === false ? html : emoji(html);
  }

  function plainText(obj) {
    if (!obj) return '';
    return typeof obj === 'string' ? obj : String(obj.text == null ? '' : obj.text);
  }

  function attr(name, value) {
    return value == null || value === '' ? '' : ' ' + name + '="' + escapeHtml(value) + '"';
  }

  /** The element definition travels with the control so the page can build the action. */
  function elementAttrs(el, blockId) {
    return attr('data-block-id', blockId) + attr('data-action-id', el.action_id) + attr('data-type', el.type) + attr('data-element', JSON.stringify(el));
  }

  function optionList(el) {
    if (Array.isArray(el.options)) return el.options;
    if (Array.isArray(el.option_groups)) return el.option_groups.flatMap((g) => g.options || []);
    return [];
  }

  function optionsHtml(options, selectedValues, placeholder) {
    const selected = new Set(selectedValues || []);
    const head = placeholder === null ? '' : '<option value="">' + escapeHtml(placeholder || '—') + '</option>';
    return head + options.map((o) => '<option value="' + escapeHtml(o.value) + '"' + (selected.has(o.value) ? ' selected' : '') + '>' + plainHtml(o.text) + '</option>').join('');
  }

  /**
   * The users or conversations a picker lists: a channels_select lists channels only, a
   * conversations_select what its filter includes (every kind when it has none).
   */
  function entityOptions(el, ctx) {
    const t = el.type;
    if (t.startsWith('users') || t.startsWith('multi_users')) return (ctx.users || []).map((u) => ({ value: u.id, text: u.name }));
    const include = t.includes('conversations') ? (el.filter && el.filter.include) || ['public', 'private', 'im', 'mpim'] : ['public', 'private'];
    const listed = (c) => (c.kind === 'im' ? include.includes('im') : include.includes('public') || include.includes('private'));
    return (ctx.channels || []).filter(listed).map((c) => ({ value: c.id, text: (c.kind === 'im' ? '@' : '#') + c.name }));
  }

  function initialValues(el) {
    if (el.initial_option) return [el.initial_option.value];
    if (el.initial_options) return el.initial_options.map((o) => o.value);
    for (const key of ['initial_user', 'initial_channel', 'initial_conversation']) if (el[key]) return [el[key]];
    for (const key of ['initial_users', 'initial_channels', 'initial_conversations']) if (el[key]) return el[key];
    return [];
  }

  const SELECTS = ['static_select', 'external_select', 'users_select', 'channels_select', 'conversations_select'];
  const MULTI_SELECTS = SELECTS.map((s) => 'multi_' + s);

  /** An interactive element (in a message, an actions block, an accessory or a modal input). */
  function element(el, blockId, ctx, inInput, labelId) {
    if (!el || !el.type) return '';
    const a = elementAttrs(el, blockId) + attr('aria-labelledby', labelId);
    const cls = inInput ? ' bk-field' : ' bk-interactive';
    switch (el.type) {
      case 'button': {
        const style = el.style === 'primary' || el.style === 'danger' ? ' bk-' + el.style : '';
        if (el.url && safeUrl(el.url)) {
          return '<a class="bk-button' + style + cls + '" target="_blank" rel="noopener noreferrer" href="' + escapeHtml(el.url) + '"' + a + '>' + plainHtml(el.text) + '</a>';
        }
        return '<button type="button" class="bk-button' + style + cls + '"' + a + '>' + plainHtml(el.text) + '</button>';
      }
      case 'overflow':
        return (
          '<select class="bk-overflow' + cls + '"' + a + ' aria-label="more"><option value="">⋯</option>' +
          optionList(el).map((o) => '<option value="' + escapeHtml(o.value) + '">' + plainHtml(o.text) + '</option>').join('') +
          '</select>'
        );
      case 'plain_text_input': {
        const common = cls.trim() + '"' + a + attr('placeholder', plainText(el.placeholder)) + attr('maxlength', el.max_length) + attr('minlength', el.min_length);
        if (el.multiline) return '<textarea rows="4" class="bk-text ' + common + '>' + escapeHtml(el.initial_value || '') + '</textarea>';
        return '<input type="text" class="bk-text ' + common + attr('value', el.initial_value) + '>';
      }
      case 'email_text_input':
      case 'url_text_input':
        return '<input type="' + (el.type === 'email_text_input' ? 'email' : 'url') + '" class="bk-text' + cls + '"' + a + attr('value', el.initial_value) + attr('placeholder', plainText(el.placeholder)) + '>';
      case 'number_input':
        return (
          '<input type="number" class="bk-text' + cls + '"' + a + attr('value', el.initial_value) + attr('min', el.min_value) + attr('max', el.max_value) +
          attr('step', el.is_decimal_allowed ? 'any' : '1') + attr('placeholder', plainText(el.placeholder)) + '>'
        );
      case 'datepicker':
        return '<input type="date" class="bk-date' + cls + '"' + a + attr('value', el.initial_date) + '>';
      case 'timepicker':
        return '<input type="time" class="bk-time' + cls + '"' + a + attr('value', el.initial_time) + '>';
      case 'datetimepicker':
        return '<input type="datetime-local" class="bk-date' + cls + '"' + a + '>';
      case 'checkboxes':
      case 'radio_buttons': {
        const multi = el.type === 'checkboxes';
        const chosen = new Set(initialValues(el));
        const name = 'r_' + (blockId || '') + '_' + (el.action_id || '');
        return (
          '<div role="group" class="bk-choices' + cls + '"' + a + '>' +
          optionList(el)
            .map(
              (o) =>
                '<label class="bk-choice"><input type="' + (multi ? 'checkbox' : 'radio') + '"' + attr('name', name) + ' value="' + escapeHtml(o.value) + '"' + (chosen.has(o.value) ? ' checked' : '') + '> <span>' +
                textObject(o.text, ctx) + (o.description ? '<small>' + textObject(o.description, ctx) + '</small>' : '') + '</span></label>',
            )
            .join('') +
          '</div>'
        );
      }
      case 'image':
        return '<img class="bk-accessory-image" alt="' + escapeHtml(el.alt_text) + '"' + attr('src', safeUrl(el.image_url || '') || '') + '>';
      default:
        if (SELECTS.includes(el.type) || MULTI_SELECTS.includes(el.type)) {
          const multi = el.type.startsWith('multi_');
          const external = el.type.endsWith('external_select');
          // External selects start with their initial option(s); the page asks the app for the rest.
          const options = external ? (el.initial_options || (el.initial_option ? [el.initial_option] : [])) : el.type.endsWith('static_select') ? optionList(el) : entityOptions(el, ctx);
          return (
            '<select class="bk-select' + (external ? ' bk-external' : '') + cls + '"' + a + (multi ? ' multiple size="' + Math.min(6, Math.max(3, options.length)) + '"' : '') + '>' +
            optionsHtml(options, initialValues(el), multi ? null : plainText(el.placeholder)) + '</select>'
          );
        }
        return '<span class="bk-unknown">[' + escapeHtml(el.type) + ']</span>';
    }
  }

  function contextElement(el, ctx) {
    if (el.type === 'image') return '<img class="bk-context-image" alt="' + escapeHtml(el.alt_text) + '"' + attr('src', safeUrl(el.image_url || '') || '') + '>';
    return '<span>' + textObject(el, ctx) + '</span>';
  }

  function richText(node, ctx) {
    if (!node) return '';
    if (Array.isArray(node.elements)) return node.elements.map((n) => richText(n, ctx)).join(node.type === 'rich_text' ? '<br>' : '');
    if (node.type === 'user') return '<span class="bk-mention">@' + escapeHtml(lookup(ctx.userName, node.user_id) || node.user_id) + '</span>';
    if (node.type === 'link') return renderEntity(node.url + (node.text ? '|' + node.text : ''), ctx);
    return escapeHtml(node.text || '');
  }

  const CHART_COLORS = ['#2f6db5', '#e07b39', '#3a9a5b', '#b8455d', '#7d5cb5', '#8a8a8a'];

  /** Slack's chart block drawn as inline SVG: bars grouped by category, or lines (area filled). */
  function chartSvg(chart) {
    const W = 640, H = 260, left = 40, right = 10, top = 10, bottom = 50;
    if (chart.type === 'pie') {
      const total = (chart.segments || []).reduce((a, s) => a + s.value, 0) || 1;
      return '<ul class="bk-pie">' + (chart.segments || []).map((s) => '<li>' + escapeHtml(s.label) + ': ' + escapeHtml(s.value) + ' (' + Math.round((100 * s.value) / total) + '%)</li>').join('') + '</ul>';
    }
    const cats = (chart.axis_config && chart.axis_config.categories) || [];
    const series = chart.series || [];
    const max = Math.max(1, ...series.flatMap((s) => s.data.map((d) => d.value)));
    const plotW = W - left - right, plotH = H - top - bottom;
    const x = (i) => left + (plotW * (i + 0.5)) / Math.max(1, cats.length);
    const y = (v) => top + plotH - (plotH * v) / max;
    let out = '<svg class="bk-chart-svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="chart">';
    out += '<line x1="' + left + '" y1="' + (top + plotH) + '" x2="' + (W - right) + '" y2="' + (top + plotH) + '" stroke="#999"/>';
    out += '<text x="' + (left - 6) + '" y="' + (top + 10) + '" text-anchor="end" font-size="11">' + max + '</text><text x="' + (left - 6) + '" y="' + (top + plotH) + '" text-anchor="end" font-size="11">0</text>';
    const band = plotW / Math.max(1, cats.length);
    // Labels wider than their band (12 weeks of dates) would overlap: every other one is written.
    const step = band < 56 ? 2 : 1;
    cats.forEach((c, i) => {
      if ((cats.length - 1 - i) % step) return;
      out += '<text x="' + x(i) + '" y="' + (top + plotH + 14) + '" text-anchor="middle" font-size="10">' + escapeHtml(c) + '</text>';
    });
    series.forEach((s, k) => {
      const color = CHART_COLORS[k % CHART_COLORS.length];
      if (chart.type === 'bar') {
        const w = (band * 0.7) / Math.max(1, series.length);
        s.data.forEach((d, i) => {
          const bx = x(i) - (band * 0.35) + k * w;
          out += '<rect x="' + bx + '" y="' + y(d.value) + '" width="' + w + '" height="' + (top + plotH - y(d.value)) + '" fill="' + color + '"><title>' + escapeHtml(s.name + ' · ' + d.label + ': ' + d.value) + '</title></rect>';
          out += '<text x="' + (bx + w / 2) + '" y="' + (y(d.value) - 3) + '" text-anchor="middle" font-size="10">' + escapeHtml(d.value) + '</text>';
        });
      } else {
        const pts = s.data.map((d, i) => x(i) + ',' + y(d.value)).join(' ');
        if (chart.type === 'area') out += '<polygon points="' + x(0) + ',' + (top + plotH) + ' ' + pts + ' ' + x(s.data.length - 1) + ',' + (top + plotH) + '" fill="' + color + '" opacity="0.25"/>';
        out += '<polyline points="' + pts + '" fill="none" stroke="' + color + '" stroke-width="2"/>';
        s.data.forEach((d, i) => {
          out += '<circle cx="' + x(i) + '" cy="' + y(d.value) + '" r="3" fill="' + color + '"><title>' + escapeHtml(s.name + ' · ' + d.label + ': ' + d.value) + '</title></circle>';
        });
      }
      out += '<rect x="' + (left + k * 150) + '" y="' + (H - 16) + '" width="10" height="10" fill="' + color + '"/><text x="' + (left + k * 150 + 14) + '" y="' + (H - 7) + '" font-size="11">' + escapeHtml(s.name) + '</text>';
    });
    return out + '</svg>';
  }

  /** A canvas's markdown as HTML: headings, bold, checklists and lists, mentions; everything else as text. */
  function canvasHtml(markdown, ctx) {
    const inline = (t) =>
      escapeHtml(t.replace(/\\(.)/g, '$1'))
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/!\[\]\(@([A-Z0-9]+)\)/g, (_, id) => '<span class="bk-mention">@' + escapeHtml(lookup(ctx && ctx.userName, id) || id) + '</span>');
    return String(markdown || '')
      .split('\n')
      .map((line) => {
        let m;
        if ((m = /^(#{1,3}) (.*)$/.exec(line))) return '<h' + (m[1].length + 1) + '>' + inline(m[2]) + '</h' + (m[1].length + 1) + '>';
        if ((m = /^- \[( |x)\] (.*)$/.exec(line))) return '<div class="canvas-item">' + (m[1] === 'x' ? '☑' : '☐') + ' ' + inline(m[2]) + '</div>';
        if ((m = /^- (.*)$/.exec(line))) return '<div class="canvas-item">• ' + inline(m[1]) + '</div>';
        return line.trim() ? '<p>' + inline(line) + '</p>' : '';
      })
      .join('');
  }

  /** One block. Modal input blocks carry the error slot the page fills with response_action errors. */
  function block(b, ctx, errors) {
    const id = b.block_id;
    const wrap = (cls, inner) => '<div class="bk-block ' + cls + '"' + attr('data-block-id', id) + '>' + inner + '</div>';
    switch (b.type) {
      case 'header':
        return wrap('bk-header', plainHtml(b.text));
      case 'divider':
        return wrap('bk-divider', '<hr>');
      case 'section': {
        let inner = '<div class="bk-section-body">';
        if (b.text) inner += '<div class="bk-section-text">' + textObject(b.text, ctx) + '</div>';
        if (Array.isArray(b.fields)) inner += '<div class="bk-fields">' + b.fields.map((f) => '<div class="bk-field-text">' + textObject(f, ctx) + '</div>').join('') + '</div>';
        inner += '</div>';
        if (b.accessory) inner += '<div class="bk-accessory">' + element(b.accessory, id, ctx, false) + '</div>';
        return wrap('bk-section', inner);
      }
      case 'context':
        return wrap('bk-context', (b.elements || []).map((e) => contextElement(e, ctx)).join(' '));
      case 'actions':
        return wrap('bk-actions', (b.elements || []).map((e) => element(e, id, ctx, false)).join(''));
      case 'image': {
        // An uploaded file (slack_file) is served by the stand-in at /files/<id>.
        const src = b.slack_file ? (b.slack_file.id ? '/files/' + encodeURIComponent(b.slack_file.id) : safeUrl(b.slack_file.url || '')) : safeUrl(b.image_url || '');
        return wrap('bk-image', (b.title ? '<div>' + plainHtml(b.title) + '</div>' : '') + '<img alt="' + escapeHtml(b.alt_text) + '"' + attr('src', src || '') + '>');
      }
      case 'data_visualization':
        return wrap('bk-chart', '<div class="bk-chart-title">' + escapeHtml(b.title) + '</div>' + chartSvg(b.chart || {}));
      case 'table':
        return wrap(
          'bk-table',
          '<table>' +
            (b.rows || [])
              .map((row, i) => '<tr>' + row.map((cell, j) => {
                const tag = i === 0 ? 'th' : 'td';
                const align = b.column_settings && b.column_settings[j] && b.column_settings[j].align;
                const inner = cell.type === 'rich_text' ? richText(cell, ctx) : escapeHtml(cell.text);
                return '<' + tag + (align ? ' style="text-align:' + escapeHtml(align) + '"' : '') + '>' + inner + '</' + tag + '>';
              }).join('') + '</tr>')
              .join('') +
            '</table>',
        );
      case 'input': {
        const error = errors && id && errors[id];
        const labelId = 'label-' + String(id || '').replace(/[^\w-]/g, '_');
        return wrap(
          'bk-input' + (error ? ' bk-has-error' : '') + (b.dispatch_action ? ' bk-dispatch' : ''),
          '<div class="bk-label-row"><label class="bk-label"' + attr('id', labelId) + '>' + plainHtml(b.label) + '</label>' +
            (b.optional ? ' <span class="bk-optional">(' + escapeHtml(ctx.optionalText || 'optional') + ')</span>' : '') + '</div>' +
            element(b.element, id, ctx, true, labelId) +
            (b.hint ? '<div class="bk-hint">' + plainHtml(b.hint) + '</div>' : '') +
            '<div class="bk-error" role="alert"' + attr('data-error-for', id) + '>' + (error ? escapeHtml(error) : '') + '</div>',
        );
      }
      case 'rich_text':
        return wrap('bk-rich', richText(b, ctx));
      default:
        return wrap('bk-unknown', '[' + escapeHtml(b.type) + ']');
    }
  }

  /** A list of blocks; a message with no blocks shows its text as mrkdwn. */
  function blocks(list, ctx, errors) {
    return (list || []).map((b) => block(b, ctx || {}, errors)).join('');
  }

  function attachment(a, ctx) {
    const color = /^#?[0-9a-f]{3,6}$/i.test(a.color || '') ? (a.color[0] === '#' ? a.color : '#' + a.color) : { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' }[a.color] || '#ddd';
    let inner = '';
    if (a.title) inner += '<div class="bk-attachment-title">' + escapeHtml(a.title) + '</div>';
    if (Array.isArray(a.blocks) && a.blocks.length) inner += blocks(a.blocks, ctx);
    else if (a.text || a.fallback) inner += '<div class="bk-section-text">' + mrkdwn(a.text || a.fallback, ctx) + '</div>';
    return '<div class="bk-attachment" style="border-left-color:' + color + '">' + inner + '</div>';
  }

  /** A message: its blocks (or its text when it has none), then any legacy attachments. */
  function messageBody(message, ctx) {
    const main = Array.isArray(message.blocks) && message.blocks.length ? blocks(message.blocks, ctx) : '<div class="bk-section-text">' + mrkdwn(message.text || '', ctx) + '</div>';
    return main + (Array.isArray(message.attachments) ? message.attachments.map((a) => attachment(a || {}, ctx)).join('') : '');
  }

  function optionObject(el, value) {
    const option = optionList(el).find((o) => o.value === value);
    return option ? { text: option.text, value: option.value } : { text: { type: 'plain_text', text: value }, value: value };
  }

  /**
   * The state value Slack would send for an element, from the raw control value (a string,
   * or an array of strings for multi selects and checkboxes): same shapes as view.state.values.
   */
  function stateValue(el, raw) {
    const one = Array.isArray(raw) ? raw[0] : raw;
    const many = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const present = one !== undefined && one !== null && one !== '';
    const out = { type: el.type };
    switch (el.type) {
      case 'plain_text_input':
      case 'number_input':
      case 'email_text_input':
      case 'url_text_input':
        out.value = present ? String(one) : null;
        return out;
      case 'datepicker':
        out.selected_date = present ? one : null;
        return out;
      case 'timepicker':
        out.selected_time = present ? one : null;
        return out;
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        out.selected_option = present ? optionObject(el, one) : null;
        return out;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        out.selected_options = many.map((v) => optionObject(el, v));
        return out;
      case 'users_select':
        out.selected_user = present ? one : null;
        return out;
      case 'multi_users_select':
        out.selected_users = many;
        return out;
      case 'channels_select':
        out.selected_channel = present ? one : null;
        return out;
      case 'multi_channels_select':
        out.selected_channels = many;
        return out;
      case 'conversations_select':
        out.selected_conversation = present ? one : null;
        return out;
      case 'multi_conversations_select':
        out.selected_conversations = many;
        return out;
      default:
        if (present) out.value = String(one);
        return out;
    }
  }

  /** The raw control value back from a state value (to keep what was typed across views.update). */
  function rawFromState(value) {
    if (!value || typeof value !== 'object') return null;
    if ('selected_options' in value) return (value.selected_options || []).map((o) => o.value);
    if ('selected_option' in value) return value.selected_option ? value.selected_option.value : null;
    for (const key of ['selected_users', 'selected_channels', 'selected_conversations']) if (key in value) return value[key] || [];
    for (const key of ['selected_date', 'selected_time', 'selected_user', 'selected_channel', 'selected_conversation', 'value']) if (key in value) return value[key];
    return null;
  }

  /** The `actions[0]` of a block_actions payload for a click or a change on an element. */
  function actionOf(el, blockId, raw) {
    const action = { type: el.type, block_id: blockId, action_id: el.action_id };
    if (el.type === 'button') {
      action.text = el.text;
      if (el.value !== undefined) action.value = el.value;
      if (el.style) action.style = el.style;
      return action;
    }
    if (el.type === 'overflow') {
      action.selected_option = optionObject(el, Array.isArray(raw) ? raw[0] : raw);
      return action;
    }
    return Object.assign(action, stateValue(el, raw));
  }

  return { escapeHtml, mrkdwn, textObject, element, block, blocks, messageBody, stateValue, rawFromState, actionOf, chartSvg, canvasHtml };
});

import { actionOf, block, blocks, canvasHtml, element, escapeHtml, messageBody, mrkdwn, rawFromState, stateValue } from '../../../src/local/public/render';

const ctx = {
  userName: (id: string) => ({ UDEMOCOORD: 'Giulia Bressan', UEVIL: '<img src=x onerror=alert(1)>' })[id],
  channelName: (id: string) => ({ C0GENERALE: 'generale' })[id],
  users: [
    { id: 'UDEMOCOORD', name: 'Giulia Bressan' },
    { id: 'UDEMOCOOP', name: 'Marco Furlan' },
  ],
  channels: [{ id: 'C0GENERALE', name: 'generale', kind: 'channel' as const }],
};

describe('mrkdwn → HTML', () => {
  it('formats bold, italic, strike, code and preformatted text', () => {
    expect(mrkdwn('*Rete* _ISO.NEW_ ~vecchio~ `codice`')).toBe('<strong>Rete</strong> <em>ISO.NEW</em> <del>vecchio</del> <code>codice</code>');
    expect(mrkdwn('```a *b*\nc```')).toBe('<pre class="bk-pre">a *b*\nc</pre>');
    expect(mrkdwn('riga 1\nriga 2')).toBe('riga 1<br>riga 2');
    expect(mrkdwn('> citazione\ntesto')).toBe('<blockquote>citazione</blockquote><br>testo');
  });

  it('leaves markers inside words and code alone', () => {
    expect(mrkdwn('a*b*c snake_case_name')).toBe('a*b*c snake_case_name');
    expect(mrkdwn('`*non grassetto*`')).toBe('<code>*non grassetto*</code>');
  });

  it('shows user mentions as names, channels by name, links with their text', () => {
    expect(mrkdwn('Ciao <@UDEMOCOORD>', ctx)).toBe('Ciao <span class="bk-mention" data-user="UDEMOCOORD">@Giulia Bressan</span>');
    expect(mrkdwn('<@UNKNOWN>', ctx)).toContain('@UNKNOWN');
    expect(mrkdwn('in <#C0GENERALE>', ctx)).toBe('in <span class="bk-mention bk-channel">#generale</span>');
    expect(mrkdwn('<#C999|altro>', ctx)).toContain('#altro');
    expect(mrkdwn('<https://example.org/a_b_c|il *sito*>')).toBe('<a href="https://example.org/a_b_c" target="_blank" rel="noopener noreferrer">il *sito*</a>');
    expect(mrkdwn('<!here> <!date^1700000000^{date}|24 nov>')).toBe('<span class="bk-mention">@here</span> 24 nov');
    expect(mrkdwn('*<@UDEMOCOORD>*', ctx)).toBe('<strong><span class="bk-mention" data-user="UDEMOCOORD">@Giulia Bressan</span></strong>');
  });

  it('never lets message text inject HTML', () => {
    expect(mrkdwn('&lt;script&gt;alert(1)&lt;/script&gt; & "x"')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(mrkdwn('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(mrkdwn('<javascript:alert(1)|clic>')).toBe('clic');
    expect(mrkdwn('<https://x.org/"onmouseover="alert(1)|x>')).toContain('href="https://x.org/&quot;onmouseover=&quot;alert(1)"');
    expect(mrkdwn('<@UEVIL>', ctx)).not.toContain('<img');
    expect(mrkdwn('`</code><b>`')).toBe('<code>&lt;/code&gt;&lt;b&gt;</code>');
    expect(mrkdwn('\u00000\u0000')).toBe('0');
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it('shows emoji shortcodes as emoji, leaving unknown codes, times and code spans as they are', () => {
    expect(mrkdwn(':lock: Privato · :large_green_circle: *aperta*')).toBe('🔒 Privato · 🟢 <strong>aperta</strong>');
    expect(mrkdwn(':nonexistent: 10:00-12:00')).toBe(':nonexistent: 10:00-12:00');
    expect(mrkdwn('`:lock:`')).toBe('<code>:lock:</code>');
    expect(blocks([{ type: 'header', text: { type: 'plain_text', text: ':white_check_mark: Fatto' } }])).toContain('✅ Fatto');
    expect(blocks([{ type: 'header', text: { type: 'plain_text', text: ':lock:', emoji: false } }])).toContain(':lock:');
  });
});

describe('pickers', () => {
  const withDm = { ...ctx, channels: [...ctx.channels, { id: 'DDEMOCOORD', name: 'ISO.NEW', kind: 'im' as const }] };
  const listed = (el: Record<string, unknown>) => [...element({ action_id: 'a', ...el }, 'b', withDm, true).matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);

  it('lists channels only in a channels_select, and what the filter includes in a conversations_select', () => {
    expect(listed({ type: 'channels_select' })).toEqual(['C0GENERALE']);
    expect(listed({ type: 'conversations_select', filter: { include: ['public', 'private'] } })).toEqual(['C0GENERALE']);
    expect(listed({ type: 'conversations_select', filter: { include: ['im'] } })).toEqual(['DDEMOCOORD']);
    expect(listed({ type: 'conversations_select' })).toEqual(['C0GENERALE', 'DDEMOCOORD']);
  });
});

describe('Block Kit → HTML', () => {
  it('renders header, section with fields and accessory, context, divider and actions', () => {
    const html = blocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Offerta <1>' } },
        {
          type: 'section',
          block_id: 'offer',
          text: { type: 'mrkdwn', text: '*Tirocinio*' },
          fields: [
            { type: 'mrkdwn', text: '*Posti*\n2' },
            { type: 'plain_text', text: '*non mrkdwn*' },
          ],
          accessory: { type: 'overflow', action_id: 'offer_menu', options: [{ text: { type: 'plain_text', text: 'Ritira' }, value: 'withdraw' }] },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'da <@UDEMOCOORD>' }] },
        { type: 'divider' },
        {
          type: 'actions',
          block_id: 'act',
          elements: [
            { type: 'button', action_id: 'rsvp:yes', text: { type: 'plain_text', text: 'Sì' }, style: 'primary', value: '12' },
            { type: 'button', action_id: 'rsvp:no', text: { type: 'plain_text', text: 'No' }, style: 'danger', value: '12' },
            { type: 'static_select', action_id: 'pick', placeholder: { type: 'plain_text', text: 'Scegli' }, options: [{ text: { type: 'plain_text', text: 'A' }, value: 'a' }] },
            { type: 'users_select', action_id: 'who' },
          ],
        },
        { type: 'mystery' },
      ],
      ctx,
    );
    expect(html).toContain('<div class="bk-block bk-header">Offerta &lt;1&gt;</div>');
    expect(html).toContain('<strong>Tirocinio</strong>');
    expect(html).toContain('<strong>Posti</strong><br>2');
    expect(html).toContain('*non mrkdwn*');
    expect(html).toContain('class="bk-overflow bk-interactive"');
    expect(html).toContain('<option value="withdraw">Ritira</option>');
    expect(html).toContain('@Giulia Bressan');
    expect(html).toContain('<hr>');
    expect(html).toContain('class="bk-button bk-primary bk-interactive"');
    expect(html).toContain('class="bk-button bk-danger bk-interactive"');
    expect(html).toContain('data-action-id="rsvp:yes"');
    expect(html).toContain('<option value="">Scegli</option><option value="a">A</option>');
    expect(html).toContain('<option value="UDEMOCOOP">Marco Furlan</option>');
    expect(html).toContain('[mystery]');
  });

  it('renders every modal input element with its initial value and the error under its block', () => {
    const input = (blockId: string, el: Record<string, unknown>, optional = false) => ({ type: 'input', block_id: blockId, optional, label: { type: 'plain_text', text: `L ${blockId}` }, element: { action_id: 'value', ...el } });
    const options = [
      { text: { type: 'plain_text', text: 'Uno' }, value: '1' },
      { text: { type: 'plain_text', text: 'Due' }, value: '2' },
    ];
    const html = blocks(
      [
        input('title', { type: 'plain_text_input', initial_value: 'Ciao "mondo"', max_length: 80 }),
        input('notes', { type: 'plain_text_input', multiline: true, initial_value: '<b>x</b>' }, true),
        input('positions', { type: 'number_input', is_decimal_allowed: false, initial_value: '2', min_value: '1' }),
        input('date', { type: 'datepicker', initial_date: '2026-12-01' }),
        input('time', { type: 'timepicker', initial_time: '09:30' }),
        input('kind', { type: 'static_select', options, initial_option: options[1] }),
        input('kinds', { type: 'multi_static_select', options, initial_options: [options[0]] }),
        input('checks', { type: 'checkboxes', options, initial_options: [options[1]] }),
        input('radio', { type: 'radio_buttons', options, initial_option: options[0] }),
        input('user', { type: 'users_select', initial_user: 'UDEMOCOOP' }),
        input('users', { type: 'multi_users_select', initial_users: ['UDEMOCOORD', 'UDEMOCOOP'] }),
        input('channel', { type: 'channels_select', initial_channel: 'C0GENERALE' }),
        input('conv', { type: 'conversations_select' }),
      ],
      ctx,
      { date: 'La data è passata.' },
    );
    expect(html).toContain('value="Ciao &quot;mondo&quot;"');
    expect(html).toContain('maxlength="80"');
    expect(html).toContain('<textarea rows="4"');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;</textarea>');
    expect(html).toContain('(optional)');
    expect(html).toContain('type="number"');
    expect(html).toContain('value="2"');
    expect(html).toContain('type="date" class="bk-date bk-field"');
    expect(html).toContain('value="2026-12-01"');
    expect(html).toContain('value="09:30"');
    expect(html).toContain('<option value="2" selected>Due</option>');
    expect(html).toMatch(/multiple size="3"><option value="1" selected>Uno<\/option>/);
    expect(html).toContain('type="checkbox" name="r_checks_value" value="2" checked');
    expect(html).toContain('type="radio" name="r_radio_value" value="1" checked');
    expect(html).toContain('<option value="UDEMOCOOP" selected>Marco Furlan</option>');
    expect(html).toContain('<option value="UDEMOCOORD" selected>Giulia Bressan</option>');
    expect(html).toContain('<option value="C0GENERALE" selected>#generale</option>');
    expect(html).toContain('<div class="bk-block bk-input bk-has-error" data-block-id="date">');
    expect(html).toContain('data-error-for="date">La data è passata.</div>');
    expect(html).toContain('data-error-for="time"></div>');
    expect(html).toContain('aria-labelledby="label-title"');
  });

  it('escapes the element definition it carries for the page', () => {
    const html = element({ type: 'button', action_id: 'x"><script>', text: { type: 'plain_text', text: '<i>' }, value: '"' }, 'b', ctx, false);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;i&gt;</button>');
  });

  it('shows a message with no blocks through its text, and a link button as a link', () => {
    expect(messageBody({ text: '*ciao*' })).toContain('<strong>ciao</strong>');
    const withAttachment = messageBody({ text: 'x', blocks: [{ type: 'divider' }], attachments: [{ color: 'danger', title: '<T>', text: '_scaduta_' }, { color: 'red;background:url(x)', blocks: [{ type: 'divider' }] }] });
    expect(withAttachment).toContain('border-left-color:#e01e5a"><div class="bk-attachment-title">&lt;T&gt;</div><div class="bk-section-text"><em>scaduta</em></div>');
    expect(withAttachment).not.toContain('url(x)');
    expect(block({ type: 'actions', elements: [{ type: 'button', action_id: 'open', url: 'https://example.org', text: { type: 'plain_text', text: 'Apri' } }] }, ctx)).toContain('<a class="bk-button bk-interactive" target="_blank"');
    expect(block({ type: 'actions', elements: [{ type: 'button', action_id: 'open', url: 'javascript:alert(1)', text: { type: 'plain_text', text: 'Apri' } }] }, ctx)).toContain('<button type="button"');
  });
});

describe('state values and actions, as Slack sends them', () => {
  const options = [{ text: { type: 'plain_text', text: 'Uno' }, value: '1' }];

  it('builds view.state.values entries for each element type', () => {
    expect(stateValue({ type: 'plain_text_input' }, 'x')).toEqual({ type: 'plain_text_input', value: 'x' });
    expect(stateValue({ type: 'plain_text_input' }, '')).toEqual({ type: 'plain_text_input', value: null });
    expect(stateValue({ type: 'number_input' }, '3')).toEqual({ type: 'number_input', value: '3' });
    expect(stateValue({ type: 'datepicker' }, '2026-12-01')).toEqual({ type: 'datepicker', selected_date: '2026-12-01' });
    expect(stateValue({ type: 'timepicker' }, '')).toEqual({ type: 'timepicker', selected_time: null });
    expect(stateValue({ type: 'static_select', options }, '1')).toEqual({ type: 'static_select', selected_option: options[0] });
    expect(stateValue({ type: 'static_select', options }, '')).toEqual({ type: 'static_select', selected_option: null });
    expect(stateValue({ type: 'multi_static_select', options }, ['1'])).toEqual({ type: 'multi_static_select', selected_options: options });
    expect(stateValue({ type: 'checkboxes', options }, [])).toEqual({ type: 'checkboxes', selected_options: [] });
    expect(stateValue({ type: 'radio_buttons', options }, '1')).toEqual({ type: 'radio_buttons', selected_option: options[0] });
    expect(stateValue({ type: 'users_select' }, 'U1')).toEqual({ type: 'users_select', selected_user: 'U1' });
    expect(stateValue({ type: 'multi_users_select' }, ['U1', 'U2'])).toEqual({ type: 'multi_users_select', selected_users: ['U1', 'U2'] });
    expect(stateValue({ type: 'channels_select' }, 'C1')).toEqual({ type: 'channels_select', selected_channel: 'C1' });
    expect(stateValue({ type: 'multi_channels_select' }, ['C1'])).toEqual({ type: 'multi_channels_select', selected_channels: ['C1'] });
    expect(stateValue({ type: 'conversations_select' }, 'C1')).toEqual({ type: 'conversations_select', selected_conversation: 'C1' });
    expect(stateValue({ type: 'multi_conversations_select' }, [])).toEqual({ type: 'multi_conversations_select', selected_conversations: [] });
  });

  it('builds the block_actions action for buttons, overflow menus and selects', () => {
    const button = { type: 'button', action_id: 'poll_vote:3', text: { type: 'plain_text', text: 'Vota' }, value: '3', style: 'primary' };
    expect(actionOf(button, 'poll')).toEqual({ type: 'button', block_id: 'poll', action_id: 'poll_vote:3', text: button.text, value: '3', style: 'primary' });
    expect(actionOf({ type: 'overflow', action_id: 'menu', options }, 'b', '1')).toEqual({ type: 'overflow', block_id: 'b', action_id: 'menu', selected_option: options[0] });
    expect(actionOf({ type: 'static_select', action_id: 's', options }, 'b', '1')).toEqual({ type: 'static_select', block_id: 'b', action_id: 's', selected_option: options[0] });
  });
});

describe('raw values back from state values', () => {
  it('inverts stateValue for every element type', () => {
    const options = [{ text: { type: 'plain_text', text: 'Uno' }, value: '1' }];
    const cases: Array<[Record<string, unknown>, string | string[] | null]> = [
      [{ type: 'plain_text_input' }, 'testo'],
      [{ type: 'number_input' }, '4'],
      [{ type: 'datepicker' }, '2026-12-01'],
      [{ type: 'timepicker' }, '10:15'],
      [{ type: 'static_select', options }, '1'],
      [{ type: 'radio_buttons', options }, null],
      [{ type: 'multi_static_select', options }, ['1']],
      [{ type: 'checkboxes', options }, []],
      [{ type: 'users_select' }, 'U1'],
      [{ type: 'multi_users_select' }, ['U1', 'U2']],
      [{ type: 'channels_select' }, 'C1'],
      [{ type: 'multi_conversations_select' }, ['C1']],
    ];
    for (const [el, raw] of cases) expect(rawFromState(stateValue(el, raw))).toEqual(raw);
    expect(rawFromState(undefined)).toBeNull();
  });

  it('starts an external select with its initial option, marked for loading the rest', () => {
    const html = element({ type: 'external_select', action_id: 'value', initial_option: { text: { type: 'plain_text', text: 'Offerta 7' }, value: '7' } }, 'offer', ctx, true);
    expect(html).toContain('class="bk-select bk-external bk-field"');
    expect(html).toContain('<option value="7" selected>Offerta 7</option>');
  });

  it('marks input blocks that dispatch actions', () => {
    expect(block({ type: 'input', block_id: 'q', dispatch_action: true, label: { type: 'plain_text', text: 'Q' }, element: { type: 'plain_text_input', action_id: 'value' } }, ctx)).toContain('bk-input bk-dispatch');
  });
});

describe('the new blocks in the playground', () => {
  it('draws a chart block as SVG with its title, categories, series and values (escaped)', () => {
    const html = block(
      {
        type: 'data_visualization',
        title: 'Ultime <12> settimane',
        chart: { type: 'bar', series: [{ name: 'Offerte', data: [{ label: 'S1', value: 3 }, { label: 'S2', value: 5 }] }], axis_config: { categories: ['S1', 'S2'] } },
      },
      ctx,
    );
    expect(html).toContain('bk-chart');
    expect(html).toContain('Ultime &lt;12&gt; settimane');
    expect(html).toContain('<svg');
    expect(html).toContain('Offerte · S2: 5');
    expect(block({ type: 'data_visualization', title: 'T', chart: { type: 'line', series: [{ name: 'A', data: [{ label: 'x', value: 1 }] }], axis_config: { categories: ['x'] } } }, ctx)).toContain('<polyline');
  });

  it('writes every other category under a chart of twelve weeks (they would overlap), the latest always', () => {
    const weeks = Array.from({ length: 12 }, (_, i) => `W${i + 1}`);
    const html = block({ type: 'data_visualization', title: 'T', chart: { type: 'line', series: [{ name: 'A', data: weeks.map((label) => ({ label, value: 1 })) }], axis_config: { categories: weeks } } }, ctx);
    expect(weeks.filter((w) => html.includes(`>${w}</text>`))).toEqual(['W2', 'W4', 'W6', 'W8', 'W10', 'W12']);
    // Every point keeps its label in its tooltip.
    expect(html).toContain('A · W11: 1');
  });

  it('shows a table block as an HTML table and an uploaded image from the stand-in', () => {
    const table = block({ type: 'table', rows: [[{ type: 'raw_text', text: 'Ente' }, { type: 'raw_text', text: 'N' }], [{ type: 'raw_text', text: '<UEPE>' }, { type: 'raw_number', value: 3, text: '3' }]], column_settings: [{ align: 'left' }, { align: 'right' }] }, ctx);
    expect(table).toContain('<th style="text-align:left">Ente</th>');
    expect(table).toContain('<td style="text-align:left">&lt;UEPE&gt;</td><td style="text-align:right">3</td>');
    const image = block({ type: 'image', alt_text: 'Mappa della rete', slack_file: { id: 'F123' } }, ctx);
    expect(image).toContain('src="/files/F123"');
    expect(image).toContain('alt="Mappa della rete"');
  });

  it('renders a channel canvas: headings, bold, checklists, mentions, and no HTML from the text', () => {
    const html = canvasHtml('# Verbali\n\n## Tavolo · 12/05/2026\n\n**Sintesi**\n\nPunto \\<b\\>\n\n- [ ] Mappare ![](@UDEMOCOORD)\n- [x] Fatto', ctx);
    expect(html).toContain('<h2>Verbali</h2>');
    expect(html).toContain('<h3>Tavolo · 12/05/2026</h3>');
    expect(html).toContain('<strong>Sintesi</strong>');
    expect(html).toContain('<p>Punto &lt;b&gt;</p>');
    expect(html).toContain('☐ Mappare <span class="bk-mention">@Giulia Bressan</span>');
    expect(html).toContain('☑ Fatto');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import schema from '../fixtures/slack/manifest.schema.1.0.0.json';
import { startTestApp, type TestApp } from '../support/harness';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as {
  features: { slash_commands: Array<{ command: string; url: string; description: string; usage_hint?: string; should_escape?: boolean }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
};

/** Which bot scope each Web API method the code calls needs (docs.slack.dev method pages). */
const SCOPE_OF_METHOD: Record<string, string | string[] | null> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'users.info': 'users:read',
  'conversations.open': 'im:write',
  // Looking for a post whose answer was lost: in public and private channels, threads and the app's DMs.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  filesUploadV2: 'files:write',
  // Charts and the network map as PNG (the two-step upload).
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  // A corrected calendar file replaces the one sent earlier, which the app uploaded.
  'files.delete': 'files:write',
  // The table channel's canvas of minutes (shared/slack-reference/web-api/canvases-and-files.md).
  'conversations.canvases.create': 'canvases:write',
  'canvases.edit': 'canvases:write',
  'views.open': null,
  'views.update': null,
  'views.push': null,
  'views.publish': null,
  'auth.test': null,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('manifest.yml', () => {
  // What the app routes is what its areas register with the router: asked of a running app.
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t.stop();
  });
  const features = () => Object.values(t.app.areas).map((area) => area.feature);

  it('is a valid Slack app manifest', () => {
    // Formats (uri) are not checked: the URLs are placeholders the deployer replaces.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('declares exactly the slash commands the app routes, with Italian descriptions and escaping', () => {
    const routed = features().flatMap((f) => Object.keys(f.commands ?? {})).sort();
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(routed);
    for (const c of manifest.features.slash_commands) {
      expect(c.url).toMatch(/\/slack\/events$/);
      expect(c.should_escape).toBe(true);
      expect(c.description.length).toBeGreaterThan(5);
      expect(c.usage_hint).toMatch(/aiuto/);
    }
  });

  it('sends interactivity and events to /slack/events, with the events the app listens to', () => {
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true, request_url: expect.stringMatching(/\/slack\/events$/) });
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(features().flatMap((f) => Object.keys(f.events ?? {})).sort());
  });

  it('asks for exactly the bot scopes the code uses', () => {
    const code = sourceFiles(path.join(ROOT, 'src')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const called = new Set<string>();
    for (const m of code.matchAll(/client\.((?:chat|users|conversations|views|auth|files|canvases)(?:\.\w+)+)\(/g)) called.add(m[1]!);
    for (const m of code.matchAll(/client\.(filesUploadV2)\(/g)) called.add(m[1]!);
    const unknown = [...called].filter((m) => !(m in SCOPE_OF_METHOD));
    expect(unknown).toEqual([]);
    const needed = new Set(['commands', ...[...called].flatMap((m) => SCOPE_OF_METHOD[m] ?? [])]);
    // Announcements go to channels the bot may not have joined.
    if (needed.has('chat:write')) needed.add('chat:write.public');
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});

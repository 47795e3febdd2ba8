import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig, type LocalModeConfig } from '../../src/platform/config';
import { silentLogger } from '../../src/platform/logger';
import { DEMO_USERS } from '../../src/local/demo-users';
import { startLocal, type LocalPlayground } from '../../src/local/start';
import { listAudit } from '../../src/platform/audit/audit-store';
import { BLOCK, CALLBACK } from '../../src/areas/network/slack/ids';
import { httpRequest, input } from '../support/slack-requests';

/**
 * Local mode end to end without a browser: the demo data on an empty database (audited),
 * the real app answering through the stand-in, and everything still there after a restart
 * on the same DATA_DIR (embedded database and the playground's workspace).
 */
describe('local mode', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-local-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = () => {
    // A configured admin does not count as "not empty": the demo members are still loaded.
    const loaded = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ADMIN_USER_IDS: 'UADMIN01' });
    expect(loaded.local).toBeDefined();
    const config = loaded as AppConfig & { local: LocalModeConfig };
    return startLocal(config, { logger: silentLogger(), scheduleJobs: false, publisher: { minIntervalMs: 200, sweepMs: 200 } });
  };
  const ui = async (p: LocalPlayground, route: string, body: Record<string, unknown>) =>
    (await httpRequest(`${p.standIn.baseUrl}/ui/${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).json!;

  it('seeds an empty database once, drives the real app, and keeps everything across a restart', async () => {
    let playground = await start();
    try {
      expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await httpRequest(`${playground.standIn.baseUrl}/healthz`)).json).toEqual({ status: 'ok', database: 'pglite' });
      // A second playground on a busy port says so, naming PORT.
      const busy = loadConfig({ DATA_DIR: path.join(dataDir, 'other'), PORT: String(playground.standIn.port), LOG_LEVEL: 'silent' }) as AppConfig & { local: LocalModeConfig };
      await expect(startLocal(busy, { logger: silentLogger(), scheduleJobs: false })).rejects.toThrow(/PORT \d+ is already in use/);
      const members = await listAudit(playground.app.db.knex, { action: 'member.add' });
      expect(members.map((a) => a.entityId).sort()).toEqual(['UADMIN01', ...DEMO_USERS.map((u) => u.id)].sort());
      expect(members.every((a) => a.actorUserId === 'system')).toBe(true);

      await ui(playground, 'command', { user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/rete ente nuovo' });
      const modal = playground.standIn.workspace.snapshot('UDEMOCOORD').modal;
      expect(modal?.view.callback_id).toBe(CALLBACK.organizationNew);
      const values = { [BLOCK.orgName]: input.text('Cooperativa Il Faro'), [BLOCK.orgShortName]: input.text('FARO'), [BLOCK.orgKind]: input.select('cooperative') };
      expect(await ui(playground, 'submit', { user: 'UDEMOCOORD', viewId: modal!.id, values })).toMatchObject({ ok: true, response_action: null });
      expect(playground.standIn.workspace.snapshot('UDEMOCOORD').modal).toBeNull();
    } finally {
      await playground.stop();
    }

    playground = await start();
    try {
      const organizations = await playground.app.areas.network.organizations();
      expect(organizations.map((o) => o.shortName)).toContain('FARO');
      expect(await listAudit(playground.app.db.knex, { action: 'member.add' })).toHaveLength(DEMO_USERS.length + 1);
      const seen = playground.standIn.workspace.snapshot('UDEMOCOORD').messages.map((m) => m.text);
      expect(seen.some((t) => t.includes('Cooperativa Il Faro'))).toBe(true);
      // The app still answers after the restart (new signing secret, same workspace).
      await ui(playground, 'command', { user: 'UDEMOENAIP', channel: 'C0GENERALE', text: '/rete me' });
      expect(playground.standIn.workspace.snapshot('UDEMOENAIP').messages.at(-1)?.text).toContain('You are');
    } finally {
      await playground.stop();
    }
  });
});

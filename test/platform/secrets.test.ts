import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/platform/logger';
import { loadSecrets } from '../../src/platform/secrets';
import { TEST_SECRET } from '../support/platform';

describe('the app secret', () => {
  it('derives one key per purpose, the same every time, different between purposes', () => {
    const a = loadSecrets({ secret: { value: TEST_SECRET } }, silentLogger());
    const b = loadSecrets({ secret: { value: TEST_SECRET } }, silentLogger());
    expect(a.key('ballots').equals(b.key('ballots'))).toBe(true);
    expect(a.key('ballots').equals(a.key('backups'))).toBe(false);
    expect(a.mac('ballots', 'U1')).toBe(b.mac('ballots', 'U1'));
    expect(a.mac('ballots', 'U1')).not.toBe(a.mac('ballots', 'U2'));
    expect(loadSecrets({ secret: { value: 'cd'.repeat(32) } }, silentLogger()).mac('ballots', 'U1')).not.toBe(a.mac('ballots', 'U1'));
  });

  it('without ISONEW_SECRET, generates a private file once and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-secret-'));
    const file = path.join(dir, 'data', 'isonew-secret.key');
    const first = loadSecrets({ secret: { file } }, silentLogger());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadSecrets({ secret: { file } }, silentLogger());
    expect(again.mac('ballots', 'U1')).toBe(first.mac('ballots', 'U1'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

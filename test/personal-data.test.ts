import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { KEY_FILE, personalDataCipher, personalDataKey } from '../src/modules/personal-data/personal-data.ts';

describe('personal data at rest', () => {
  it('generates a key into DATA_DIR on first use, with mode 0600, and reuses it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-key-'));
    try {
      const key = personalDataKey({ dataDir, personalDataKey: undefined });
      expect(key).toHaveLength(32);
      const file = path.join(dataDir, KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')).toEqual(key);
      const sealed = personalDataCipher({ dataDir, personalDataKey: undefined }).encrypt(
        '11010519491231002X',
      );
      // Another process (no cache) reads the same key back from the file.
      const again = personalDataCipher({ dataDir: dataDir + path.sep, personalDataKey: undefined });
      expect(again.decrypt(sealed)).toBe('11010519491231002X');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('encrypts with AES-256-GCM: a fresh nonce each time, tampering detected, the key from PERSONAL_DATA_KEY', () => {
    const b64 = randomBytes(32).toString('base64');
    const config = loadConfig({ PERSONAL_DATA_KEY: b64 });
    expect(config.personalDataKey).toBe(b64);
    const cipher = personalDataCipher(config);
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\./);
    expect(cipher.decrypt(a)).toBe('13812345678');
    const raw = Buffer.from(a.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`v1.${raw.toString('base64')}`)).toThrow();
    expect(() =>
      personalDataCipher({ ...config, personalDataKey: randomBytes(32).toString('base64') }).decrypt(a),
    ).toThrow();
  });

  it('refuses a malformed key without echoing it, and reads IMPORT_MAX_ROWS', () => {
    try {
      loadConfig({ PERSONAL_DATA_KEY: 'c2hvcnQta2V5' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain('PERSONAL_DATA_KEY');
      expect((e as Error).message).not.toContain('c2hvcnQta2V5');
    }
    expect(loadConfig({}).importMaxRows).toBe(200_000);
    expect(loadConfig({ IMPORT_MAX_ROWS: '5000' }).importMaxRows).toBe(5000);
    expect(() => loadConfig({ IMPORT_MAX_ROWS: '0' })).toThrow(ConfigError);
  });
});

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { maskIdNumber, maskPhone } from '../../domain/registry/personal-data.ts';
import { hasPermission } from '../../domain/access/roles.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Personal data at rest (identity numbers, personal phone numbers): AES-256-GCM with a random 96-bit
 * nonce per value, stored as `v1.<base64 nonce ‖ tag ‖ ciphertext>`. The key comes from
 * PERSONAL_DATA_KEY; when that is unset, one is generated on first start into DATA_DIR/personal-data.key
 * (mode 0600) and reused afterwards. Several machines sharing a PostgreSQL database must share the key:
 * set PERSONAL_DATA_KEY on all of them. Losing the key loses the encrypted values.
 *
 * Alongside each encrypted value a masked copy is stored, so lists never need to decrypt.
 */

export const KEY_FILE = 'personal-data.key';
const PREFIX = 'v1.';

const keys = new Map<string, Buffer>();

/** The key for a configuration: from PERSONAL_DATA_KEY, or read from (or generated into) DATA_DIR. */
export function personalDataKey(config: Pick<Config, 'personalDataKey' | 'dataDir'>): Buffer {
  if (config.personalDataKey) return Buffer.from(config.personalDataKey, 'base64');
  const file = path.join(config.dataDir, KEY_FILE);
  const cached = keys.get(file);
  if (cached) return cached;
  let key: Buffer;
  if (fs.existsSync(file)) {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const fresh = randomBytes(32);
    // Written aside, then linked into place: link() fails when the file exists, so processes starting
    // together agree on one key, and nobody ever reads a half-written file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, `${fresh.toString('base64')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      key = fresh;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  keys.set(file, key);
  return key;
}

export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export function personalDataCipher(config: Pick<Config, 'personalDataKey' | 'dataDir'>): PersonalDataCipher {
  const key = personalDataKey(config);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) throw new Error('unknown personal-data format');
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Whether the actor sees personal numbers in full (API answers, exports); everyone else sees them masked. */
export function mayReadPersonalData(actor: Pick<Actor, 'roles'>): boolean {
  return hasPermission(actor.roles, 'personalData.read');
}

export type PersonalKind = 'idNumber' | 'phone';

/** The pair stored for one personal value: ciphertext and masked copy; both null for no value. */
export function sealPersonal(
  cipher: PersonalDataCipher,
  kind: PersonalKind,
  value: string | null | undefined,
): { enc: string | null; masked: string | null } {
  if (value === null || value === undefined || value === '') return { enc: null, masked: null };
  return { enc: cipher.encrypt(value), masked: kind === 'idNumber' ? maskIdNumber(value) : maskPhone(value) };
}

/** What an answer shows: the plain value for permitted roles, otherwise the masked copy. */
export function showPersonal(
  cipher: PersonalDataCipher,
  reveal: boolean,
  enc: string | null,
  masked: string | null,
): string | null {
  if (!enc) return null;
  return reveal ? cipher.decrypt(enc) : masked;
}

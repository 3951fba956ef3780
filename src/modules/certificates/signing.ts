import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import type { CbSigningKeyRow } from '../../db/schema.ts';
import { toInstant } from '../../db/time.ts';
import type { AppContext } from '../../http/context.ts';

/**
 * Each certification body signs its certificates' QR payloads with its own Ed25519 key. The private
 * key is stored encrypted (AES-256-GCM, `v1.<base64 iv ‖ tag ‖ ciphertext>` of the PKCS#8 DER) under
 * SIGNING_KEY_SECRET, or a secret generated on first use into DATA_DIR/signing-key.secret (mode 0600;
 * processes sharing a PostgreSQL database must share it). It never leaves this module; the public key
 * is published at /api/public/signing-keys.
 */
const SECRET_FILE = 'signing-key.secret';
const PREFIX = 'v1.';
const secrets = new Map<string, Buffer>();

function secretOf(config: Pick<Config, 'signingKeySecret' | 'dataDir'>): Buffer {
  if (config.signingKeySecret) return Buffer.from(config.signingKeySecret, 'base64');
  const file = path.join(config.dataDir, SECRET_FILE);
  const cached = secrets.get(file);
  if (cached) return cached;
  let key: Buffer;
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const fresh = randomBytes(32);
    fs.writeFileSync(file, `${fresh.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    key = fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  secrets.set(file, key);
  return key;
}

function seal(secret: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secret, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return PREFIX + Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
}

function open(secret: Buffer, stored: string): Buffer {
  if (!stored.startsWith(PREFIX)) throw new Error('unknown signing-key format');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const d = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

/** kid = first 16 hex digits of SHA-256 over the raw 32-byte public key. */
export function kidOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256')
    .update(der.subarray(der.length - 32))
    .digest('hex')
    .slice(0, 16);
}

async function activeKey(db: Executor, cbId: string): Promise<CbSigningKeyRow | undefined> {
  return db
    .selectFrom('cbSigningKeys')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The CB's active key, created on first use (a partial unique index keeps one active key per CB). */
export async function ensureSigningKey(ctx: AppContext, cbId: string): Promise<CbSigningKeyRow> {
  const existing = await activeKey(ctx.db, cbId);
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const row: CbSigningKeyRow = {
    kid: kidOf(publicKeyPem),
    cbId,
    algorithm: 'Ed25519',
    publicKeyPem,
    privateKeyEnc: seal(secretOf(ctx.config), privateKey.export({ type: 'pkcs8', format: 'der' })),
    status: 'active',
    createdAt: toInstant(ctx.clock()),
    retiredAt: null,
  };
  try {
    await ctx.db.insertInto('cbSigningKeys').values(row).execute();
    return row;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return (await activeKey(ctx.db, cbId))!;
  }
}

export function signPayload(
  config: Pick<Config, 'signingKeySecret' | 'dataDir'>,
  key: CbSigningKeyRow,
  payload: Uint8Array,
): Uint8Array {
  const der = open(secretOf(config), key.privateKeyEnc);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return new Uint8Array(sign(null, payload, privateKey));
}

export function verifySignature(publicKeyPem: string, payload: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, payload, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

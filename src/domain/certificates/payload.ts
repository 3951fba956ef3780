import { DomainError } from '../errors.ts';
import { compactDate, fromCompactDate, type CivilDate } from './civil-date.ts';

/**
 * The compact payload printed in the certificate's QR code and signed with the certification body's
 * Ed25519 key. Canonical bytes: UTF-8 of the fields joined by LF, in this order:
 *
 *     SMC1 ⏎ kid ⏎ certificate number ⏎ revision ⏎ certified entity ⏎ level id ⏎ stars ⏎ issue YYYYMMDD ⏎ expiry YYYYMMDD
 *
 * The token is `base64url(bytes) "." base64url(signature)`; the signature covers exactly the decoded
 * bytes, so anyone holding the CB's public key can check a token offline (docs/certificates.md). The
 * signing itself happens in the adapter (src/domain may not use node:crypto).
 */
export const PAYLOAD_FORMAT = 'SMC1';

export interface CertificatePayload {
  /** Id of the signing key (the CB publishes its public keys by kid). */
  kid: string;
  number: string;
  revision: number;
  entity: string;
  levelId: string;
  stars: number;
  issueDate: CivilDate;
  expiryDate: CivilDate;
}

const bad = (message: string) =>
  new DomainError('payload_invalid', message, { ruleId: 'certificate.payload' });

/** Control characters (LF included) cannot appear inside a field; they are folded to a space. */
// eslint-disable-next-line no-control-regex -- folding control characters is the point
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

export function encodePayload(p: CertificatePayload): Uint8Array {
  const fields = [
    PAYLOAD_FORMAT,
    clean(p.kid),
    clean(p.number),
    String(p.revision),
    clean(p.entity),
    clean(p.levelId),
    String(p.stars),
    compactDate(p.issueDate),
    compactDate(p.expiryDate),
  ];
  return new TextEncoder().encode(fields.join('\n'));
}

export function decodePayload(bytes: Uint8Array): CertificatePayload {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bad('The payload is not UTF-8.');
  }
  const f = text.split('\n');
  if (f.length !== 9 || f[0] !== PAYLOAD_FORMAT) throw bad('Not a Starmark certificate payload.');
  const revision = Number(f[3]);
  const stars = Number(f[6]);
  if (!Number.isInteger(revision) || revision < 1 || !Number.isInteger(stars) || stars < 0) {
    throw bad('The payload has a malformed number.');
  }
  try {
    return {
      kid: f[1]!,
      number: f[2]!,
      revision,
      entity: f[4]!,
      levelId: f[5]!,
      stars,
      issueDate: fromCompactDate(f[7]!),
      expiryDate: fromCompactDate(f[8]!),
    };
  } catch {
    throw bad('The payload has a malformed date.');
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw bad('Not base64url.');
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) n = (n << 6) | (k < chunk.length ? ALPHABET.indexOf(chunk[k]!) : 0);
    out.push((n >> 16) & 255);
    if (chunk.length > 2) out.push((n >> 8) & 255);
    if (chunk.length > 3) out.push(n & 255);
  }
  return Uint8Array.from(out);
}

export function encodeToken(payload: Uint8Array, signature: Uint8Array): string {
  return `${toBase64Url(payload)}.${toBase64Url(signature)}`;
}

/** Splits a token into the signed bytes and the signature; the caller verifies, then decodes. */
export function splitToken(token: string): { payload: Uint8Array; signature: Uint8Array } {
  const [p, s, ...rest] = token.split('.');
  if (!p || !s || rest.length) throw bad('A token is base64url(payload).base64url(signature).');
  const signature = fromBase64Url(s);
  if (signature.length !== 64) throw bad('An Ed25519 signature is 64 bytes.');
  return { payload: fromBase64Url(p), signature };
}

import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { createQueryId, sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import {
  STATUS_LABELS,
  decodePayload,
  isValidStatus,
  reasonLabel,
  splitToken,
} from '../../domain/certificates/index.ts';
import type { CertificateRow } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { AppContext } from '../../http/context.ts';
import type {
  PublicCertificate,
  PublicLookupResponse,
  PublicTokenResponse,
} from './certificates.contract.ts';
import {
  loadSettings,
  normaliseName,
  normaliseNumber,
  verificationBase,
  verificationUrl,
} from './certificates.service.ts';
import { verifySignature } from './signing.ts';

/**
 * Public verification, without sign-in: by certificate number, by company name (prefix, then fuzzy:
 * the query's characters in order, e.g. 海尔服务 finds 海尔电器服务有限公司) and by the signed QR token.
 * Answers only PublicCertificate's allow-list; a confidential certificate is found by its number or
 * QR code but never by name, and shows neither the entity's name nor its sites.
 */
const NAME_LIMIT = 20;
/** The fuzzy pass looks at no more than this many matching names (see searchByName). */
const FUZZY_CANDIDATES = 200;

interface BodyInfo {
  name: string;
  nameEn: string | null;
  cncaApprovalNo: string | null;
  accreditation: string | null;
  base: string;
}

/**
 * The certification body's public details change rarely: kept per process for a short while, so a
 * look-up costs one indexed query. Certificate rows themselves are never cached — a suspension shows
 * on the next request.
 */
const BODY_INFO_TTL_MS = 30_000;
const bodyInfoCache = new Map<string, { info: BodyInfo; until: number }>();

async function bodyInfo(ctx: AppContext, cache: Map<string, BodyInfo>, cbId: string): Promise<BodyInfo> {
  const hit = cache.get(cbId);
  if (hit) return hit;
  const shared = bodyInfoCache.get(cbId);
  if (shared && shared.until > Date.now()) {
    cache.set(cbId, shared.info);
    return shared.info;
  }
  const org = await ctx.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', cbId)
    .executeTakeFirstOrThrow();
  const s = await loadSettings(ctx, ctx.db, cbId);
  const info: BodyInfo = {
    name: org.name,
    nameEn: s.cbNameEn,
    cncaApprovalNo: s.cncaApprovalNo,
    accreditation: [s.accreditationBody, s.accreditationNo].filter(Boolean).join(' ') || null,
    base: verificationBase(ctx, s),
  };
  cache.set(cbId, info);
  bodyInfoCache.set(cbId, { info, until: Date.now() + BODY_INFO_TTL_MS });
  return info;
}

/** The columns a public answer is built from: never the frozen result or the client's identifiers. */
export const PUBLIC_COLUMNS = [
  'id',
  'cbId',
  'identityNumber',
  'certificateNumber',
  'revision',
  'category',
  'confidential',
  'entityNameZh',
  'entityNameEn',
  'schemeTitleZh',
  'schemeTitleEn',
  'standards',
  'levelId',
  'levelStars',
  'levelTitleZh',
  'levelTitleEn',
  'scopeZh',
  'scopeEn',
  'sites',
  'originalIssueDate',
  'issueDate',
  'expiryDate',
  'status',
  'statusReason',
  'statusDate',
  'suspendedUntil',
  'signedToken',
] as const satisfies readonly (keyof CertificateRow)[];
type PublicRow = Pick<CertificateRow, (typeof PUBLIC_COLUMNS)[number]>;

export function presentPublic(row: PublicRow, cb: BodyInfo): PublicCertificate {
  const confidential = row.confidential === 1;
  const sites = confidential
    ? []
    : (JSON.parse(row.sites) as { name: string; address: string; scopeZh?: string }[]).map((s) => ({
        name: s.name,
        address: s.address,
        scopeZh: s.scopeZh ?? null,
      }));
  return {
    certificateNumber: row.certificateNumber,
    revision: row.revision,
    category: row.category,
    confidential,
    entityName: confidential ? null : row.entityNameZh,
    entityNameEn: confidential ? null : row.entityNameEn,
    scheme: {
      title: { zh: row.schemeTitleZh, en: row.schemeTitleEn },
      standards: JSON.parse(row.standards) as string[],
    },
    level: { id: row.levelId, stars: row.levelStars, title: { zh: row.levelTitleZh, en: row.levelTitleEn } },
    scopeZh: row.scopeZh,
    scopeEn: row.scopeEn,
    sites,
    originalIssueDate: row.originalIssueDate,
    issueDate: row.issueDate,
    expiryDate: row.expiryDate,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    statusReason: row.status === 'active' ? null : reasonLabel(row.status, row.statusReason),
    statusDate: row.statusDate,
    suspendedUntil: row.suspendedUntil,
    valid: isValidStatus(row.status),
    certificationBody: {
      name: cb.name,
      nameEn: cb.nameEn,
      cncaApprovalNo: cb.cncaApprovalNo,
      accreditation: cb.accreditation,
    },
    verificationUrl: verificationUrl(cb.base, row.signedToken),
  };
}

/** Of several revisions of one certificate, only the newest is shown. */
function newestRevisions(rows: PublicRow[]): PublicRow[] {
  const best = new Map<string, PublicRow>();
  for (const r of rows) {
    const b = best.get(r.identityNumber);
    if (!b || r.revision > b.revision) best.set(r.identityNumber, r);
  }
  return [...best.values()];
}

async function presentAll(ctx: AppContext, rows: PublicRow[]): Promise<PublicCertificate[]> {
  const cache = new Map<string, BodyInfo>();
  const out: PublicCertificate[] = [];
  for (const r of rows) out.push(presentPublic(r, await bodyInfo(ctx, cache, r.cbId)));
  return out;
}

/**
 * The look-up by number is the public hot path. On SQLite it runs on a read-only connection of its
 * own with one prepared statement (Kysely prepares every query anew, which costs more than the
 * look-up itself); the connection reads the same WAL file, so each look-up sees every committed
 * change — a suspension by this or any other process shows on the next request. On PostgreSQL (or an
 * in-memory SQLite database, which a second connection cannot open) the SQL is compiled once per
 * database handle and run with the number as its only parameter.
 */
export interface PublicReader {
  byNumber(no: string): Promise<PublicRow[]>;
  close(): void;
}

const snake = (c: string) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);
const NUMBER_PLACEHOLDER = '\u0000number';

export function openPublicReader(ctx: AppContext): PublicReader {
  const database = ctx.config.database;
  if (database.dialect === 'sqlite' && database.file !== ':memory:' && fs.existsSync(database.file)) {
    const conn = new BetterSqlite3(database.file, { readonly: true, fileMustExist: true });
    conn.pragma('busy_timeout = 5000');
    const byNumber = conn.prepare<[string], PublicRow>(
      `select ${PUBLIC_COLUMNS.map((c) => `"${snake(c)}" as "${c}"`).join(', ')}
         from "certificates" where "certificate_number" = ? limit 50`,
    );
    return {
      byNumber: (no) => Promise.resolve(byNumber.all(no)),
      close: () => conn.close(),
    };
  }
  const compiled = ctx.db
    .selectFrom('certificates')
    .select(PUBLIC_COLUMNS)
    .where('certificateNumber', '=', NUMBER_PLACEHOLDER)
    .limit(50)
    .compile();
  return {
    byNumber: async (no) => {
      const parameters = compiled.parameters.map((p) => (p === NUMBER_PLACEHOLDER ? no : p));
      return (await ctx.db.executeQuery<PublicRow>({ ...compiled, parameters, queryId: createQueryId() }))
        .rows;
    },
    close: () => {},
  };
}

export async function lookupByNumber(
  ctx: AppContext,
  no: string,
  reader?: PublicReader,
): Promise<PublicLookupResponse> {
  const key = normaliseNumber(no);
  const rows = reader
    ? await reader.byNumber(key)
    : await ctx.db
        .selectFrom('certificates')
        .select(PUBLIC_COLUMNS)
        .where('certificateNumber', '=', key)
        .limit(50)
        .execute();
  return { items: await presentAll(ctx, newestRevisions(rows)), truncated: false };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchByName(ctx: AppContext, name: string): Promise<PublicLookupResponse> {
  const q = normaliseName(name);
  if (!q) return { items: [], truncated: false };
  const base = ctx.db
    .selectFrom('certificates')
    .select(PUBLIC_COLUMNS)
    .where('confidential', '=', 0)
    .where('status', '!=', 'superseded');
  // Prefix: an index range scan on both databases.
  const prefix = await (
    dialectOf(ctx.db) === 'postgres'
      ? base.where(sql<boolean>`entity_name_search like ${escapeLike(q) + '%'} escape '\\'`)
      : base.where('entityNameSearch', '>=', q).where('entityNameSearch', '<', `${q}\u{10ffff}`)
  )
    .orderBy('entityNameSearch')
    .limit(NAME_LIMIT + 1)
    .execute();
  let rows = prefix;
  // More names may match than the bounded fuzzy pass looked at: the answer then says it is truncated.
  let moreCandidates = false;
  if (rows.length === 0 && [...q].length >= 2) {
    // Fuzzy, only when no name starts with the query: every character of the query, in order, anywhere
    // in the name. This pass scans the names, so it is not run when the indexed prefix pass found any.
    // Bounded: the pattern is matched against the name index alone (names and ids, never the table's
    // wide rows), taking the first FUZZY_CANDIDATES matches in name order; only those rows are read,
    // filtered (confidential, superseded) and ranked shortest name first.
    const pattern = `%${[...q].map(escapeLike).join('%')}%`;
    const candidates = await ctx.db
      .selectFrom('certificates')
      .select('id')
      .where(sql<boolean>`entity_name_search like ${pattern} escape '\\'`)
      .limit(FUZZY_CANDIDATES)
      .execute();
    moreCandidates = candidates.length === FUZZY_CANDIDATES;
    if (candidates.length > 0) {
      rows = await base
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .orderBy(sql`length(entity_name_search)`)
        .orderBy('entityNameSearch')
        .limit(NAME_LIMIT + 1)
        .execute();
    }
  }
  const truncated = rows.length > NAME_LIMIT || moreCandidates;
  return { items: await presentAll(ctx, rows.slice(0, NAME_LIMIT)), truncated };
}

/**
 * Checks a QR token: the signature over the payload bytes with the public key its kid names, then
 * the certificate's current record. A changed byte anywhere fails the signature.
 */
export async function verifyToken(ctx: AppContext, token: string): Promise<PublicTokenResponse> {
  const fail = (problem: string): PublicTokenResponse => ({
    signatureValid: false,
    signed: null,
    certificate: null,
    current: false,
    problem,
  });
  let parts: ReturnType<typeof splitToken>;
  let payload: ReturnType<typeof decodePayload>;
  try {
    parts = splitToken(token.trim());
    payload = decodePayload(parts.payload);
  } catch (e) {
    if (e instanceof DomainError) return fail('malformed_token');
    throw e;
  }
  const key = await ctx.db
    .selectFrom('cbSigningKeys')
    .selectAll()
    .where('kid', '=', payload.kid)
    .executeTakeFirst();
  if (!key) return fail('unknown_key');
  if (!verifySignature(key.publicKeyPem, parts.payload, parts.signature)) return fail('signature_invalid');
  const rows = await ctx.db
    .selectFrom('certificates')
    .selectAll()
    .where('cbId', '=', key.cbId)
    .where('certificateNumber', '=', payload.number)
    .execute();
  const signedRow = rows.find((r) => r.revision === payload.revision);
  const newest = newestRevisions(
    signedRow ? rows.filter((r) => r.identityNumber === signedRow.identityNumber) : rows,
  )[0];
  return {
    signatureValid: true,
    signed: {
      kid: payload.kid,
      certificateNumber: payload.number,
      revision: payload.revision,
      entityName: payload.entity,
      levelId: payload.levelId,
      stars: payload.stars,
      issueDate: payload.issueDate,
      expiryDate: payload.expiryDate,
    },
    certificate: newest ? (await presentAll(ctx, [newest]))[0]! : null,
    current: !!newest && newest.revision === payload.revision,
    problem: newest ? null : 'certificate_not_found',
  };
}

export async function publicSigningKeys(ctx: AppContext, kid?: string) {
  let q = ctx.db
    .selectFrom('cbSigningKeys')
    .innerJoin('organisations', 'organisations.id', 'cbSigningKeys.cbId')
    .select([
      'cbSigningKeys.kid',
      'cbSigningKeys.publicKeyPem',
      'cbSigningKeys.status',
      'cbSigningKeys.createdAt',
      'cbSigningKeys.retiredAt',
      'organisations.name',
    ]);
  if (kid) q = q.where('cbSigningKeys.kid', '=', kid);
  const rows = await q.orderBy('cbSigningKeys.createdAt').execute();
  return rows.map((r) => ({
    kid: r.kid,
    algorithm: 'Ed25519' as const,
    publicKeyPem: r.publicKeyPem,
    certificationBody: r.name,
    status: r.status,
    createdAt: r.createdAt,
    retiredAt: r.retiredAt,
  }));
}

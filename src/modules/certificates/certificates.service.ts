import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import {
  DEFAULT_NUMBER_PATTERN,
  STATUS_LABELS,
  encodePayload,
  encodeToken,
  expiryDateFor,
  formatCertificateNumber,
  localDateOf,
  nextSurveillanceDue,
  parseNumberPattern,
  reasonLabel,
  resolveTimings,
  suspensionEnd,
  transitionCertificate,
  daysBetween,
  yearOf,
  type CertificateEvent,
  type CertificateState,
  type CertificateStatus,
  type CertificateTimings,
  type ChangeReason,
  type CivilDate,
  type ReasonCode,
} from '../../domain/certificates/index.ts';
import {
  parseEvaluationDocument,
  scoreEvaluation,
  type EvaluationResult,
} from '../../domain/scoring/index.ts';
import type { SchemePackage } from '../../domain/schemes/index.ts';
import type { Executor } from '../../db/database.ts';
import { likePattern } from '../../db/repositories/keyset.ts';
import { certificatesRepository as repo } from '../../db/repositories/certificates.repository.ts';
import type {
  CbSigningKeyRow,
  CertificateRow,
  CertificateSettingsRow,
  CertificateStatusHistoryRow,
  CertificatesTable,
} from '../../db/schema.ts';
import { toInstant } from '../../db/time.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit, type AuditContext } from '../audit/audit.service.ts';
import { publishedScheme } from '../schemes/schemes.service.ts';
import type {
  CertificateDetailResponse,
  CertificateIssueBody,
  CertificateListQuery,
  CertificateListResponse,
  CertificateResponse,
  CertificateReviseBody,
  CertificateSettingsBody,
  CertificateSettingsResponse,
  EntityAddress,
  NoticeListResponse,
} from './certificates.contract.ts';
import { ensureSigningKey, signPayload } from './signing.ts';
import { CNCA_FIELDS, DEFAULT_CNCA_REPORT } from './cnca-layout.ts';

// ── settings ────────────────────────────────────────────────────────────────────────────────────────

/**
 * A certification body's certificate settings; until it saves its own, these defaults apply. The
 * defaults are configuration, not rules: suspension ≤ 6 months (ISO/IEC 17021-1's usual maximum),
 * no overdue allowance (CNCA: an overrun must be suspended), reminders 90, 30 and 7 days ahead.
 */
export function defaultSettings(cbId: string, now: string): CertificateSettingsRow {
  return {
    cbId,
    numberPattern: DEFAULT_NUMBER_PATTERN,
    cbNameEn: null,
    cbAddress: null,
    cncaApprovalNo: null,
    accreditationBody: null,
    accreditationNo: null,
    accreditationMarkCode: null,
    auditPlanPrefix: null,
    verificationBaseUrl: null,
    logoSvg: null,
    suspensionMaxMonths: 6,
    surveillanceGraceDays: 0,
    reminderLeadDays: JSON.stringify([90, 30, 7]),
    cncaReport: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

export async function loadSettings(
  ctx: Pick<AppContext, 'clock'>,
  db: Executor,
  cbId: string,
): Promise<CertificateSettingsRow> {
  return (await repo.settings(db, cbId)) ?? defaultSettings(cbId, toInstant(ctx.clock()));
}

export const bodyTimings = (s: CertificateSettingsRow) => ({
  suspensionMaxMonths: s.suspensionMaxMonths,
  surveillanceGraceDays: s.surveillanceGraceDays,
  reminderLeadDays: JSON.parse(s.reminderLeadDays) as number[],
});

async function presentSettings(
  ctx: AppContext,
  s: CertificateSettingsRow,
): Promise<CertificateSettingsResponse> {
  const key = await ctx.db
    .selectFrom('cbSigningKeys')
    .select(['kid', 'publicKeyPem'])
    .where('cbId', '=', s.cbId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return {
    numberPattern: s.numberPattern,
    cbNameEn: s.cbNameEn,
    cbAddress: s.cbAddress,
    cncaApprovalNo: s.cncaApprovalNo,
    accreditationBody: s.accreditationBody,
    accreditationNo: s.accreditationNo,
    accreditationMarkCode: s.accreditationMarkCode,
    auditPlanPrefix: s.auditPlanPrefix,
    verificationBaseUrl: s.verificationBaseUrl,
    logoSvg: s.logoSvg,
    suspensionMaxMonths: s.suspensionMaxMonths,
    surveillanceGraceDays: s.surveillanceGraceDays,
    reminderLeadDays: JSON.parse(s.reminderLeadDays) as number[],
    cncaReport: s.cncaReport ? (JSON.parse(s.cncaReport) as Record<string, unknown>) : DEFAULT_CNCA_REPORT,
    signingKey: key ?? null,
    version: s.version,
  };
}

export async function getSettings(ctx: AppContext, actor: Actor): Promise<CertificateSettingsResponse> {
  requirePermission(actor, 'certificates.configure');
  return presentSettings(ctx, await loadSettings(ctx, ctx.db, actor.cbId));
}

export async function updateSettings(
  ctx: AppContext,
  actor: Actor,
  body: CertificateSettingsBody,
  requestId: string,
): Promise<CertificateSettingsResponse> {
  requirePermission(actor, 'certificates.configure');
  if (body.numberPattern !== undefined) parseNumberPattern(body.numberPattern);
  body.cncaReport?.sheets.forEach((sheet, i) =>
    sheet.columns.forEach((c, j) => {
      if (!(CNCA_FIELDS as readonly string[]).includes(c.field)) {
        throw new AppError(
          400,
          'validation_failed',
          `Unknown CNCA field ${c.field}; use one of ${CNCA_FIELDS.join(', ')}.`,
          {
            issues: [{ field: `body.cncaReport.sheets.${i}.columns.${j}.field`, message: 'unknown field' }],
          },
        );
      }
    }),
  );
  const now = toInstant(ctx.clock());
  const { version, reminderLeadDays, cncaReport, ...rest } = body;
  const saved = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertSettings(trx, defaultSettings(actor.cbId, now));
    const before = (await repo.settings(trx, actor.cbId))!;
    if (before.version !== version) throw versionConflict('certificate settings', before.version);
    const changes = {
      ...rest,
      ...(reminderLeadDays
        ? { reminderLeadDays: JSON.stringify([...new Set(reminderLeadDays)].sort((a, b) => b - a)) }
        : {}),
      ...(cncaReport !== undefined ? { cncaReport: cncaReport ? JSON.stringify(cncaReport) : null } : {}),
      updatedAt: now,
    };
    if (!(await repo.updateSettings(trx, actor.cbId, version, changes)))
      throw versionConflict('certificate settings');
    const after = (await repo.settings(trx, actor.cbId))!;
    const view = (s: CertificateSettingsRow) => ({
      ...s,
      logoSvg: s.logoSvg ? `${s.logoSvg.length} characters` : null,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'certificateSettings.update',
      entityType: 'certificateSettings',
      entityId: actor.cbId,
      before: view(before),
      after: view(after),
    });
    return after;
  });
  return presentSettings(ctx, saved);
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

const auditCtx = (ctx: AppContext, actor: Actor, requestId: string | null): AuditContext => ({
  actor,
  occurredAt: ctx.clock(),
  requestId,
});

export async function cbTimeZone(db: Executor, cbId: string): Promise<string> {
  const org = await db
    .selectFrom('organisations')
    .select('timeZone')
    .where('id', '=', cbId)
    .executeTakeFirst();
  if (!org) throw notFound('Certification body');
  return org.timeZone;
}

/** Names are looked up normalised: NFKC (full-width → half-width), lower case, no spaces or punctuation. */
export const normaliseName = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）[\]【】·.,，、\-_'"“”‘’]+/g, '');

export const normaliseNumber = (s: string) => s.normalize('NFKC').trim().toUpperCase();

const packages = new Map<string, SchemePackage>();
/** The package of a published scheme version; immutable, so cached by id. */
export async function schemePackageOf(
  db: Executor,
  cbId: string,
  schemeVersionId: string,
): Promise<SchemePackage> {
  const cached = packages.get(schemeVersionId);
  if (cached) return cached;
  const row = await db
    .selectFrom('schemeVersions')
    .select('packageJson')
    .where('cbId', '=', cbId)
    .where('id', '=', schemeVersionId)
    .executeTakeFirstOrThrow();
  const pkg = JSON.parse(row.packageJson) as SchemePackage;
  packages.set(schemeVersionId, pkg);
  return pkg;
}

export async function timingsFor(
  ctx: Pick<AppContext, 'clock'>,
  db: Executor,
  row: Pick<CertificateRow, 'cbId' | 'schemeVersionId'>,
  settings?: CertificateSettingsRow,
): Promise<CertificateTimings> {
  const pkg = await schemePackageOf(db, row.cbId, row.schemeVersionId);
  return resolveTimings(
    pkg.policies.lifecycle,
    bodyTimings(settings ?? (await loadSettings(ctx, db, row.cbId))),
  );
}

export const verificationBase = (ctx: AppContext, s: Pick<CertificateSettingsRow, 'verificationBaseUrl'>) =>
  (s.verificationBaseUrl ?? ctx.config.publicBaseUrl).replace(/\/+$/, '');

export const verificationUrl = (base: string, token: string) => `${base}/verify/${token}`;

function presentHistory(h: CertificateStatusHistoryRow) {
  return {
    seq: h.seq,
    from: h.fromStatus as CertificateStatus | null,
    to: h.toStatus as CertificateStatus,
    event: h.event,
    reasonCode: h.reasonCode,
    reason: reasonLabel(h.toStatus as CertificateStatus, h.reasonCode),
    note: h.note,
    effectiveDate: h.effectiveDate,
    suspendedUntil: h.suspendedUntil,
    occurredAt: h.occurredAt,
    actor: h.actorName,
  };
}

export function presentCertificate(
  row: CertificateRow,
  history: CertificateStatusHistoryRow[],
  base: string,
): CertificateResponse {
  return {
    id: row.id,
    identityNumber: row.identityNumber,
    revision: row.revision,
    supersedesId: row.supersedesId,
    supersededById: row.supersededById,
    category: row.category,
    certificateNumber: row.certificateNumber,
    clientId: row.clientId,
    entity: {
      nameZh: row.entityNameZh,
      nameEn: row.entityNameEn,
      creditCode: row.entityCreditCode,
      address: JSON.parse(row.entityAddress) as Record<string, unknown>,
    },
    sites: JSON.parse(row.sites) as Record<string, unknown>[],
    scopeZh: row.scopeZh,
    scopeEn: row.scopeEn,
    scheme: {
      id: row.schemeVersionId,
      urn: row.schemeUrn,
      version: row.schemeVersion,
      contentHash: row.schemeContentHash,
      title: { zh: row.schemeTitleZh, en: row.schemeTitleEn },
      standards: JSON.parse(row.standards) as string[],
    },
    engineVersion: row.engineVersion,
    evaluationId: row.evaluationId,
    score: row.score,
    scoreText: row.scoreText,
    level: { id: row.levelId, stars: row.levelStars, title: { zh: row.levelTitleZh, en: row.levelTitleEn } },
    decisionDate: row.decisionDate,
    originalIssueDate: row.originalIssueDate,
    issueDate: row.issueDate,
    expiryDate: row.expiryDate,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    statusReason: row.statusReason,
    statusReasonLabel: reasonLabel(row.status, row.statusReason),
    statusDate: row.statusDate,
    suspendedUntil: row.suspendedUntil,
    withdrawalProposedAt: row.withdrawalProposedAt,
    surveillanceDueOn: row.surveillanceDueOn,
    lastSurveillanceOn: row.lastSurveillanceOn,
    confidential: row.confidential === 1,
    verificationUrl: verificationUrl(base, row.signedToken),
    history: history.filter((h) => h.certificateId === row.id).map(presentHistory),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** A certificate the actor may see: another tenant's, or (for a client user) another client's, is not found. */
export async function visibleCertificate(db: Executor, actor: Actor, id: string): Promise<CertificateRow> {
  const row = await repo.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!row || (scope && row.clientId !== scope)) throw notFound('Certificate');
  return row;
}

async function present(ctx: AppContext, row: CertificateRow): Promise<CertificateResponse> {
  const settings = await loadSettings(ctx, ctx.db, row.cbId);
  return presentCertificate(
    row,
    await repo.history(ctx.db, row.cbId, [row.id]),
    verificationBase(ctx, settings),
  );
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────────

export async function getCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<CertificateDetailResponse> {
  requirePermission(actor, 'certificates.read');
  const row = await visibleCertificate(ctx.db, actor, id);
  const result = await repo.result(ctx.db, row.cbId, row.id);
  return { ...(await present(ctx, row)), result: JSON.parse(result) as Record<string, unknown> };
}

export async function listCertificates(
  ctx: AppContext,
  actor: Actor,
  q: CertificateListQuery,
): Promise<CertificateListResponse> {
  requirePermission(actor, 'certificates.read');
  const scope = organisationScope(actor);
  if (scope && q.clientId && q.clientId !== scope)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  let query = ctx.db.selectFrom('certificates').where('cbId', '=', actor.cbId);
  const clientId = scope ?? q.clientId;
  if (clientId) query = query.where('clientId', '=', clientId);
  if (q.status) query = query.where('status', '=', q.status);
  else if (q.allRevisions !== 'true') query = query.where('status', '!=', 'superseded');
  if (q.category) query = query.where('category', '=', q.category);
  if (q.q) {
    const pattern = likePattern(q.q);
    const name = likePattern(normaliseName(q.q));
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['certificateNumber']), 'like', pattern),
        eb('entityNameSearch', 'like', name),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const history = await repo.history(
    ctx.db,
    actor.cbId,
    rows.map((r) => r.id),
  );
  const base = verificationBase(ctx, await loadSettings(ctx, ctx.db, actor.cbId));
  return {
    items: rows.map((r) => presentCertificate(r, history, base)),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listNotices(ctx: AppContext, actor: Actor): Promise<NoticeListResponse> {
  requirePermission(actor, 'certificates.read');
  const scope = organisationScope(actor);
  let q = ctx.db.selectFrom('certificateNotices').selectAll().where('cbId', '=', actor.cbId);
  if (scope) q = q.where('clientId', '=', scope).where('audience', '=', 'client');
  const rows = await q.orderBy('createdAt', 'desc').limit(500).execute();
  return {
    items: rows.map((n) => ({
      id: n.id,
      certificateId: n.certificateId,
      kind: n.kind,
      audience: n.audience,
      due: n.due,
      dueDate: n.dueDate,
      leadDays: n.leadDays,
      message: { zh: n.messageZh, en: n.messageEn },
      createdAt: n.createdAt,
    })),
  };
}

// ── issue ───────────────────────────────────────────────────────────────────────────────────────────

const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

/** Scores an evaluation and refuses anything but a complete, passed result with a level. */
export function scoreForCertificate(
  scheme: Awaited<ReturnType<typeof publishedScheme>>,
  evaluation: unknown,
): EvaluationResult & { outcome: { level: NonNullable<EvaluationResult['outcome']['level']> } } {
  const doc = parseEvaluationDocument(evaluation);
  if (doc.scheme.urn !== scheme.package.urn || doc.scheme.version !== scheme.package.version) {
    throw unprocessable(
      'scheme_mismatch',
      'The evaluation names another scheme version than the certificate.',
      {
        path: 'evaluation.scheme',
      },
    );
  }
  const result = scoreEvaluation(scheme, doc);
  if (result.status !== 'scored') {
    throw unprocessable(
      'evaluation_incomplete',
      'The evaluation is incomplete: a certificate needs a complete result.',
      {
        path: 'evaluation',
        unscorable: result.unscorable.map((u) => u.node),
      },
    );
  }
  if (!result.outcome.passed || !result.outcome.level || result.totals.score === null) {
    throw unprocessable('evaluation_failed', 'The evaluation did not pass: no certificate can be issued.', {
      path: 'evaluation',
      reasons: result.outcome.reasons.map((r) => ({ code: r.code, zh: r.zh, en: r.en })),
    });
  }
  return result as ReturnType<typeof scoreForCertificate>;
}

function signToken(
  ctx: AppContext,
  key: CbSigningKeyRow,
  row: Pick<
    CertificatesTable,
    'certificateNumber' | 'revision' | 'entityNameZh' | 'levelId' | 'levelStars' | 'issueDate' | 'expiryDate'
  >,
): string {
  const payload = encodePayload({
    kid: key.kid,
    number: row.certificateNumber,
    revision: row.revision,
    entity: row.entityNameZh,
    levelId: row.levelId,
    stars: row.levelStars,
    issueDate: row.issueDate,
    expiryDate: row.expiryDate,
  });
  return encodeToken(payload, signPayload(ctx.config, key, payload));
}

async function schemeRow(ctx: AppContext, cbId: string, urn: string, version: string) {
  const scheme = await publishedScheme(ctx, cbId, urn, version);
  const row = await ctx.db
    .selectFrom('schemeVersions')
    .select(['id', 'titleZh', 'titleEn'])
    .where('cbId', '=', cbId)
    .where('urn', '=', urn)
    .where('schemeVersion', '=', version)
    .executeTakeFirstOrThrow();
  return { scheme, row };
}

function accreditationOf(s: CertificateSettingsRow): string | null {
  if (!s.accreditationBody && !s.accreditationNo) return null;
  return JSON.stringify({
    body: s.accreditationBody,
    number: s.accreditationNo,
    markCode: s.accreditationMarkCode,
  });
}

async function entityOf(
  ctx: AppContext,
  cbId: string,
  clientId: string,
  orgName: string,
  given: CertificateIssueBody['entity'],
) {
  const reg = await ctx.db
    .selectFrom('clients')
    .select(['legalNameZh', 'legalNameEn', 'creditCode', 'registeredAddress', 'operatingAddress'])
    .where('cbId', '=', cbId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  const street = reg?.operatingAddress ?? reg?.registeredAddress ?? null;
  const address: EntityAddress | null = given?.address ?? (street ? { country: 'CN', street } : null);
  const creditCode = given?.creditCode ?? reg?.creditCode ?? null;
  const missing = [!creditCode && 'entity.creditCode', !address && 'entity.address'].filter(Boolean);
  if (missing.length) {
    throw unprocessable(
      'entity_incomplete',
      `The certified entity needs ${missing.join(' and ')} (from the request or the client's registry record).`,
      { path: missing[0], missing },
    );
  }
  return {
    nameZh: given?.nameZh ?? reg?.legalNameZh ?? orgName,
    nameEn: given?.nameEn ?? reg?.legalNameEn ?? null,
    creditCode: creditCode!,
    address: address!,
  };
}

/**
 * Issues a certificate from an evaluation: scores it with the engine against the published scheme
 * version, refuses an incomplete or failed result, and freezes the result (score, level, engine
 * version, scheme content hash, full result) with the certificate. The number is taken from the CB's
 * yearly sequence inside the same transaction, so numbers have no gaps even under concurrent issue.
 * The grant workflow will call this; until then a CB user issues by hand.
 */
export async function issueCertificate(
  ctx: AppContext,
  actor: Actor,
  body: CertificateIssueBody,
  requestId: string | null,
): Promise<CertificateDetailResponse> {
  requirePermission(actor, 'certificates.issue');
  const client = await ctx.db
    .selectFrom('organisations')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('id', '=', body.clientId)
    .where('kind', '=', 'client')
    .executeTakeFirst();
  if (!client) throw notFound('Client organisation');
  const { scheme, row: schemeVersionRow } = await schemeRow(
    ctx,
    actor.cbId,
    body.scheme.urn,
    body.scheme.version,
  );
  const result = scoreForCertificate(scheme, body.evaluation);
  const entity = await entityOf(ctx, actor.cbId, client.id, client.name, body.entity);
  const settings = await loadSettings(ctx, ctx.db, actor.cbId);
  const timings = resolveTimings(scheme.package.policies.lifecycle, bodyTimings(settings));
  const today = localDateOf(ctx.clock(), await cbTimeZone(ctx.db, actor.cbId));
  const decisionDate = body.decisionDate ?? today;
  const issueDate = body.issueDate ?? decisionDate;
  if (daysBetween(decisionDate, issueDate) < 0) {
    throw unprocessable(
      'issue_before_decision',
      'The issue date may not precede the certification decision.',
      {
        path: 'issueDate',
      },
    );
  }
  if (daysBetween(today, decisionDate) > 0) {
    throw unprocessable('decision_in_future', 'The decision date cannot be in the future.', {
      path: 'decisionDate',
    });
  }
  const expiryDate = expiryDateFor(issueDate, timings.validityYears);
  const key = await ensureSigningKey(ctx, actor.cbId);
  const id = randomUUID();
  const now = toInstant(ctx.clock());
  const level = result.outcome.level;

  const row = await ctx.db.transaction().execute(async (trx) => {
    const year = yearOf(issueDate);
    const seq = await repo.nextNumber(trx, actor.cbId, year);
    const certificateNumber = formatCertificateNumber(settings.numberPattern, {
      year,
      seq,
      category: scheme.package.category,
    });
    const base = {
      certificateNumber,
      revision: 1,
      entityNameZh: entity.nameZh,
      levelId: level.id,
      levelStars: level.stars,
      issueDate,
      expiryDate,
    };
    const row: CertificateRow = {
      ...base,
      id,
      cbId: actor.cbId,
      clientId: client.id,
      identityNumber: id,
      supersedesId: null,
      supersededById: null,
      category: scheme.package.category,
      numberYear: year,
      numberSeq: seq,
      entityNameEn: entity.nameEn,
      entityNameSearch: normaliseName(entity.nameZh),
      entityCreditCode: entity.creditCode,
      entityAddress: JSON.stringify(entity.address),
      sites: JSON.stringify(body.sites),
      scopeZh: body.scopeZh,
      scopeEn: body.scopeEn ?? null,
      schemeVersionId: schemeVersionRow.id,
      schemeUrn: scheme.package.urn,
      schemeVersion: scheme.package.version,
      schemeContentHash: scheme.contentHash,
      schemeTitleZh: schemeVersionRow.titleZh,
      schemeTitleEn: schemeVersionRow.titleEn,
      standards: JSON.stringify(scheme.package.standards.map((s) => s.code)),
      engineVersion: result.engineVersion,
      evaluationId: result.evaluationId,
      score: result.totals.score!,
      scoreText: result.totals.scoreText!,
      levelTitleZh: level.title.zh,
      levelTitleEn: level.title.en ?? level.title.zh,
      timings: JSON.stringify(timings),
      accreditation: accreditationOf(settings),
      decisionDate,
      originalIssueDate: issueDate,
      status: 'active',
      statusReason: 'granted',
      statusDate: issueDate,
      statusChangedAt: now,
      suspendedUntil: null,
      withdrawalProposedAt: null,
      surveillanceDueOn: nextSurveillanceDue(issueDate, expiryDate, timings),
      lastSurveillanceOn: null,
      confidential: body.confidential ? 1 : 0,
      signingKid: key.kid,
      signedToken: signToken(ctx, key, base),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await repo.insert(trx, row, JSON.stringify(result));
    await repo.appendHistory(trx, {
      cbId: actor.cbId,
      certificateId: id,
      fromStatus: null,
      toStatus: 'active',
      event: 'issue',
      reasonCode: 'granted',
      note: null,
      effectiveDate: issueDate,
      suspendedUntil: null,
      occurredAt: now,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'certificate.issue',
      entityType: 'certificate',
      entityId: id,
      after: auditView(row),
    });
    return row;
  });
  return { ...(await present(ctx, row)), result: result as unknown as Record<string, unknown> };
}

const auditView = (r: CertificateRow) => ({
  certificateNumber: r.certificateNumber,
  revision: r.revision,
  clientId: r.clientId,
  level: r.levelId,
  score: r.scoreText,
  scheme: `${r.schemeUrn}@${r.schemeVersion}#${r.schemeContentHash.slice(0, 12)}`,
  status: r.status,
  statusReason: r.statusReason,
  issueDate: r.issueDate,
  expiryDate: r.expiryDate,
  suspendedUntil: r.suspendedUntil,
  confidential: r.confidential === 1,
});

/**
 * A level, scope or site change: issues a new version (revision) under the same number and identity,
 * and marks the old one superseded. A level change needs a new evaluation, scored and frozen.
 */
export function reviseCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: CertificateReviseBody,
  requestId: string | null,
): Promise<CertificateDetailResponse> {
  return revise(ctx, actor, id, body, requestId, null);
}

/**
 * A recertification grant renews the certificate: a new version under the same number and identity
 * with the new evaluation's level, a new validity period from the recertification decision (issue date
 * = decision date) and the original issue date kept; the old version is superseded.
 */
export function renewCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; evaluation: Record<string, unknown>; decisionDate: CivilDate },
  requestId: string | null,
): Promise<CertificateDetailResponse> {
  return revise(
    ctx,
    actor,
    id,
    { version: body.version, reasonCode: 'recertification', evaluation: body.evaluation },
    requestId,
    { decisionDate: body.decisionDate },
  );
}

async function revise(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: Omit<CertificateReviseBody, 'reasonCode'> & { reasonCode: ChangeReason },
  requestId: string | null,
  renewal: { decisionDate: CivilDate } | null,
): Promise<CertificateDetailResponse> {
  requirePermission(actor, 'certificates.issue');
  const current = await visibleCertificate(ctx.db, actor, id);
  let rescored: ReturnType<typeof scoreForCertificate> | null = null;
  if (body.reasonCode === 'level_change' || body.reasonCode === 'recertification') {
    if (!body.evaluation) {
      throw unprocessable('evaluation_required', 'A level change needs the new evaluation.', {
        path: 'evaluation',
      });
    }
    const scheme = await publishedScheme(ctx, actor.cbId, current.schemeUrn, current.schemeVersion);
    rescored = scoreForCertificate(scheme, body.evaluation);
  } else if (body.evaluation) {
    throw unprocessable('evaluation_not_expected', 'Only a level change carries a new evaluation.', {
      path: 'evaluation',
    });
  }
  if (body.reasonCode === 'site_change' && !body.sites) {
    throw unprocessable('sites_required', 'A site change needs the new list of sites.', { path: 'sites' });
  }
  if (body.reasonCode === 'scope_change' && !body.scopeZh && !body.scopeEn) {
    throw unprocessable('scope_required', 'A scope change needs the new scope.', { path: 'scopeZh' });
  }
  const key = await ensureSigningKey(ctx, actor.cbId);
  const tz = await cbTimeZone(ctx.db, actor.cbId);
  const timings = renewal ? await timingsFor(ctx, ctx.db, current) : null;
  const newId = randomUUID();
  let resultJson = '';
  const row = await ctx.db.transaction().execute(async (trx) => {
    const old = await repo.getForUpdate(trx, actor.cbId, id);
    if (!old) throw notFound('Certificate');
    if (old.version !== body.version) throw versionConflict('certificate', old.version);
    const today = localDateOf(ctx.clock(), tz);
    const issueDate = renewal?.decisionDate ?? body.issueDate ?? today;
    const t = transitionCertificate(stateOf(old), { type: 'supersede', reasonCode: body.reasonCode }, today);
    const now = toInstant(ctx.clock());
    const level = rescored?.outcome.level;
    const expiryDate = renewal && timings ? expiryDateFor(issueDate, timings.validityYears) : old.expiryDate;
    const base = {
      certificateNumber: old.certificateNumber,
      revision: old.revision + 1,
      entityNameZh: old.entityNameZh,
      levelId: level?.id ?? old.levelId,
      levelStars: level?.stars ?? old.levelStars,
      issueDate,
      expiryDate,
    };
    const row: CertificateRow = {
      ...old,
      ...base,
      id: newId,
      supersedesId: old.id,
      supersededById: null,
      sites: body.sites ? JSON.stringify(body.sites) : old.sites,
      scopeZh: body.scopeZh ?? old.scopeZh,
      scopeEn: body.scopeEn ?? old.scopeEn,
      ...(rescored
        ? {
            engineVersion: rescored.engineVersion,
            evaluationId: rescored.evaluationId,
            score: rescored.totals.score!,
            scoreText: rescored.totals.scoreText!,
            levelTitleZh: rescored.outcome.level.title.zh,
            levelTitleEn: rescored.outcome.level.title.en ?? rescored.outcome.level.title.zh,
          }
        : {}),
      ...(renewal && timings
        ? {
            decisionDate: renewal.decisionDate,
            timings: JSON.stringify(timings),
            surveillanceDueOn: nextSurveillanceDue(issueDate, expiryDate, timings),
            lastSurveillanceOn: null,
          }
        : {}),
      status: 'active',
      statusReason: body.reasonCode,
      statusDate: issueDate,
      statusChangedAt: now,
      suspendedUntil: null,
      withdrawalProposedAt: null,
      signingKid: key.kid,
      signedToken: signToken(ctx, key, base),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    // A new version keeps the old one's frozen result unless it was scored anew (a level change).
    resultJson = rescored ? JSON.stringify(rescored) : await repo.result(trx, actor.cbId, old.id);
    await repo.insert(trx, row, resultJson);
    const ok = await repo.update(trx, actor.cbId, old.id, old.version, {
      status: t.state.status,
      statusReason: t.state.reasonCode,
      statusDate: t.state.statusDate,
      statusChangedAt: now,
      supersededById: newId,
      updatedAt: now,
    });
    if (!ok) throw versionConflict('certificate');
    const actorFields = { occurredAt: now, actorId: actor.userId, actorName: actor.displayName, note: null };
    await repo.appendHistory(trx, {
      ...actorFields,
      cbId: actor.cbId,
      certificateId: old.id,
      fromStatus: t.entry.from,
      toStatus: t.entry.to,
      event: t.entry.event,
      reasonCode: t.entry.reasonCode,
      effectiveDate: t.entry.effectiveDate,
      suspendedUntil: null,
    });
    await repo.appendHistory(trx, {
      ...actorFields,
      cbId: actor.cbId,
      certificateId: newId,
      fromStatus: null,
      toStatus: 'active',
      event: 'issue',
      reasonCode: body.reasonCode,
      effectiveDate: issueDate,
      suspendedUntil: null,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: renewal ? 'certificate.renew' : 'certificate.revise',
      entityType: 'certificate',
      entityId: newId,
      before: auditView(old),
      after: auditView(row),
    });
    return row;
  });
  return { ...(await present(ctx, row)), result: JSON.parse(resultJson) as Record<string, unknown> };
}

// ── lifecycle ───────────────────────────────────────────────────────────────────────────────────────

export const stateOf = (r: CertificateRow): CertificateState => ({
  status: r.status,
  expiryDate: r.expiryDate,
  suspendedUntil: r.suspendedUntil,
  reasonCode: r.statusReason as ReasonCode | null,
  statusDate: r.statusDate,
});

export interface ChangeOptions {
  actor: Actor | null;
  /** System changes name the CB themselves; user changes use the actor's. */
  cbId: string;
  requestId: string | null;
  note?: string | null;
  skipLocked?: boolean;
}

/**
 * Applies one lifecycle event to a certificate inside a transaction: locks the row, checks the
 * expected version (when given), runs the state machine, writes the row, the history entry and the
 * audit entry. Answers undefined when `skipLocked` is set and another process holds the row.
 */
export async function applyLifecycleEvent(
  ctx: AppContext,
  trx: Executor,
  id: string,
  expectedVersion: number | null,
  makeEvent: (row: CertificateRow, today: CivilDate) => CertificateEvent | null,
  opts: ChangeOptions,
): Promise<CertificateRow | undefined> {
  const row = await repo.getForUpdate(trx, opts.cbId, id, { skipLocked: opts.skipLocked });
  if (!row) {
    if (opts.skipLocked) return undefined;
    throw notFound('Certificate');
  }
  if (expectedVersion !== null && row.version !== expectedVersion)
    throw versionConflict('certificate', row.version);
  const today = localDateOf(ctx.clock(), await cbTimeZone(trx, opts.cbId));
  const event = makeEvent(row, today);
  if (!event) return undefined;
  const t = transitionCertificate(stateOf(row), event, today);
  const now = toInstant(ctx.clock());
  const changes: Updateable<CertificatesTable> = {
    status: t.state.status,
    statusReason: t.state.reasonCode,
    statusDate: t.state.statusDate,
    statusChangedAt: now,
    suspendedUntil: t.state.suspendedUntil,
    updatedAt: now,
    ...(event.type === 'restore' || event.type === 'suspend' ? { withdrawalProposedAt: null } : {}),
  };
  if (!(await repo.update(trx, opts.cbId, id, row.version, changes))) throw versionConflict('certificate');
  const after = (await repo.get(trx, opts.cbId, id))!;
  await repo.appendHistory(trx, {
    cbId: opts.cbId,
    certificateId: id,
    fromStatus: t.entry.from,
    toStatus: t.entry.to,
    event: t.entry.event,
    reasonCode: t.entry.reasonCode,
    note: opts.note ?? null,
    effectiveDate: t.entry.effectiveDate,
    suspendedUntil: t.entry.suspendedUntil,
    occurredAt: now,
    actorId: opts.actor?.userId ?? null,
    actorName: opts.actor?.displayName ?? 'system',
  });
  await appendAudit(
    trx,
    {
      actor: opts.actor ?? { userId: null, displayName: 'system', cbId: opts.cbId },
      occurredAt: ctx.clock(),
      requestId: opts.requestId,
    },
    {
      action: `certificate.${event.type}`,
      entityType: 'certificate',
      entityId: id,
      before: auditView(row),
      after: { ...auditView(after), note: opts.note ?? null },
    },
  );
  return after;
}

async function change(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  note: string | undefined,
  requestId: string,
  makeEvent: (row: CertificateRow, today: CivilDate, timings: CertificateTimings) => CertificateEvent,
): Promise<CertificateResponse> {
  requirePermission(actor, 'certificates.manage');
  const visible = await visibleCertificate(ctx.db, actor, id);
  const timings = await timingsFor(ctx, ctx.db, visible);
  const row = await ctx.db.transaction().execute((trx) =>
    applyLifecycleEvent(ctx, trx, id, version, (r, today) => makeEvent(r, today, timings), {
      actor,
      cbId: actor.cbId,
      requestId,
      note: note ?? null,
    }),
  );
  return present(ctx, row!);
}

export const suspendCertificate = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: {
    version: number;
    reasonCode: CertificateEvent & { type: 'suspend' } extends { reasonCode: infer R } ? R : never;
    until?: string;
    note?: string;
  },
  requestId: string,
) =>
  change(ctx, actor, id, body.version, body.note, requestId, (_r, today, t) => ({
    type: 'suspend',
    reasonCode: body.reasonCode,
    until: suspensionEnd(today, t, body.until),
  }));

export const restoreCertificate = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; note?: string },
  requestId: string,
) => change(ctx, actor, id, body.version, body.note, requestId, () => ({ type: 'restore' }));

export const withdrawCertificate = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: {
    version: number;
    reasonCode: Extract<CertificateEvent, { type: 'withdraw' }>['reasonCode'];
    note?: string;
  },
  requestId: string,
) =>
  change(ctx, actor, id, body.version, body.note, requestId, () => ({
    type: 'withdraw',
    reasonCode: body.reasonCode,
  }));

export const cancelCertificate = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: {
    version: number;
    reasonCode: Extract<CertificateEvent, { type: 'cancel' }>['reasonCode'];
    note?: string;
  },
  requestId: string,
) =>
  change(ctx, actor, id, body.version, body.note, requestId, () => ({
    type: 'cancel',
    reasonCode: body.reasonCode,
  }));

/** Records a completed surveillance: the next due date moves on by the scheme's interval. */
export async function recordSurveillance(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; completedOn: string },
  requestId: string,
): Promise<CertificateResponse> {
  requirePermission(actor, 'certificates.manage');
  const visible = await visibleCertificate(ctx.db, actor, id);
  const timings = await timingsFor(ctx, ctx.db, visible);
  const tz = await cbTimeZone(ctx.db, actor.cbId);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.getForUpdate(trx, actor.cbId, id);
    if (!row) throw notFound('Certificate');
    if (row.version !== body.version) throw versionConflict('certificate', row.version);
    if (row.status !== 'active' && row.status !== 'suspended') {
      throw unprocessable('certificate_not_current', `A ${row.status} certificate has no surveillance.`, {
        path: 'status',
      });
    }
    if (
      daysBetween(localDateOf(ctx.clock(), tz), body.completedOn) > 0 ||
      daysBetween(row.issueDate, body.completedOn) < 0
    ) {
      throw unprocessable(
        'surveillance_date_invalid',
        'The surveillance date must lie between the issue date and today.',
        {
          path: 'completedOn',
        },
      );
    }
    const now = toInstant(ctx.clock());
    const changes = {
      lastSurveillanceOn: body.completedOn,
      surveillanceDueOn: nextSurveillanceDue(body.completedOn, row.expiryDate, timings),
      updatedAt: now,
    };
    if (!(await repo.update(trx, actor.cbId, id, row.version, changes))) throw versionConflict('certificate');
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'certificate.surveillance',
      entityType: 'certificate',
      entityId: id,
      before: { lastSurveillanceOn: row.lastSurveillanceOn, surveillanceDueOn: row.surveillanceDueOn },
      after: { lastSurveillanceOn: changes.lastSurveillanceOn, surveillanceDueOn: changes.surveillanceDueOn },
    });
    return (await repo.get(trx, actor.cbId, id))!;
  });
  return present(ctx, row);
}

export async function patchCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; confidential: boolean },
  requestId: string,
): Promise<CertificateResponse> {
  requirePermission(actor, 'certificates.manage');
  await visibleCertificate(ctx.db, actor, id);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = (await repo.getForUpdate(trx, actor.cbId, id))!;
    if (row.version !== body.version) throw versionConflict('certificate', row.version);
    const changes = { confidential: body.confidential ? 1 : 0, updatedAt: toInstant(ctx.clock()) };
    if (!(await repo.update(trx, actor.cbId, id, row.version, changes))) throw versionConflict('certificate');
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'certificate.update',
      entityType: 'certificate',
      entityId: id,
      before: { confidential: row.confidential === 1 },
      after: { confidential: body.confidential },
    });
    return (await repo.get(trx, actor.cbId, id))!;
  });
  return present(ctx, row);
}

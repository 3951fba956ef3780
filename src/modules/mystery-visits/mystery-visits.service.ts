import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uploadedPart } from '../../http/files.ts';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type {
  EvaluationRow,
  MysteryScenarioRow,
  MysteryScenarioVersionRow,
  MysteryVisitRow,
  MysteryVisitsTable,
} from '../../db/schema.ts';
import { evaluationsRepository } from '../../db/repositories/workflow.repository.ts';
import {
  answerFits,
  BUILTIN_SCENARIOS,
  checkScenarioAgainstScheme,
  checkSubmission,
  EDITABLE_STATES,
  parseScenarioContent,
  sampleOf,
  scenarioContentHash,
  VISIT_MACHINE,
  visitFlags,
  visitSamples,
  type AnswerValue,
  type ScenarioContent,
  type VisitFlag,
  type VisitItemSamples,
} from '../../domain/mystery-visits/index.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, userIdOf, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { sitesOf } from '../evaluations/evaluation-records.ts';
import { onTeam, pinnedScheme, requireState, visibleEvaluation } from '../evaluations/evaluations.service.ts';
import {
  auditCtx,
  parseJson,
  personnelOfActor,
  refused,
  transition,
} from '../evaluations/workflow-support.ts';
import { hasPermission } from '../../domain/access/roles.ts';
import type {
  CaptureBody,
  PlanVisitsBody,
  ResultsResponse,
  ReviewBody,
  ReviewEditBody,
  ScenarioCreateBody,
  ScenarioResponse,
  ScenarioUpdateBody,
  StartBody,
  SubmitBody,
  VisitEvaluationList,
  VisitResponse,
} from './mystery-visits.contract.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const now = (ctx: AppContext) => toInstant(ctx.clock());

// ── scenarios ───────────────────────────────────────────────────────────────────────────────────────

/** Installs the built-in scenarios in a body, published as version 1 (idempotent). */
export async function ensureBuiltinScenarios(ctx: AppContext, cbId: string): Promise<void> {
  const existing = new Set(
    (
      await ctx.db
        .selectFrom('mysteryScenarios')
        .select('code')
        .where('cbId', '=', cbId)
        .where('builtin', '=', 1)
        .execute()
    ).map((r) => r.code),
  );
  for (const b of BUILTIN_SCENARIOS) {
    if (existing.has(b.code)) continue;
    const at = now(ctx);
    const id = randomUUID();
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('mysteryScenarios')
          .values({
            id,
            cbId,
            code: b.code,
            schemeUrn: b.schemeUrn,
            channel: b.content.channel,
            titleZh: b.content.title.zh,
            titleEn: b.content.title.en ?? null,
            builtin: 1,
            draftContent: null,
            latestNumber: 1,
            status: 'active',
            createdAt: at,
            updatedAt: at,
            version: 1,
          })
          .execute();
        await trx
          .insertInto('mysteryScenarioVersions')
          .values({
            id: randomUUID(),
            cbId,
            scenarioId: id,
            number: 1,
            content: JSON.stringify(b.content),
            contentHash: scenarioContentHash(b.content, sha256),
            publishedBy: null,
            publishedAt: at,
          })
          .execute();
      });
    } catch (e) {
      // Another request installed it at the same moment.
      const again = await ctx.db
        .selectFrom('mysteryScenarios')
        .select('id')
        .where('cbId', '=', cbId)
        .where('code', '=', b.code)
        .executeTakeFirst();
      if (!again) throw e;
    }
  }
}

async function scenarioRow(db: Executor, cbId: string, id: string): Promise<MysteryScenarioRow> {
  const row = await db
    .selectFrom('mysteryScenarios')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Scenario');
  return row;
}

async function versionsOf(db: Executor, scenarioId: string): Promise<MysteryScenarioVersionRow[]> {
  return db
    .selectFrom('mysteryScenarioVersions')
    .selectAll()
    .where('scenarioId', '=', scenarioId)
    .orderBy('number')
    .execute();
}

async function presentScenario(db: Executor, row: MysteryScenarioRow): Promise<ScenarioResponse> {
  const versions = await versionsOf(db, row.id);
  const latest = versions.at(-1);
  return {
    id: row.id,
    code: row.code,
    schemeUrn: row.schemeUrn,
    channel: row.channel,
    title: { zh: row.titleZh, en: row.titleEn },
    builtin: row.builtin === 1,
    status: row.status,
    draft: row.draftContent ? (JSON.parse(row.draftContent) as ScenarioContent) : null,
    latest: latest
      ? {
          id: latest.id,
          number: latest.number,
          contentHash: latest.contentHash,
          publishedAt: latest.publishedAt,
          content: JSON.parse(latest.content) as ScenarioContent,
        }
      : null,
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      contentHash: v.contentHash,
      publishedAt: v.publishedAt,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export async function listScenarios(ctx: AppContext, actor: Actor): Promise<{ items: ScenarioResponse[] }> {
  requirePermission(actor, 'mysteryVisits.plan');
  await ensureBuiltinScenarios(ctx, actor.cbId);
  const rows = await ctx.db
    .selectFrom('mysteryScenarios')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .orderBy('code')
    .execute();
  const items: ScenarioResponse[] = [];
  for (const r of rows) items.push(await presentScenario(ctx.db, r));
  return { items };
}

export async function getScenario(ctx: AppContext, actor: Actor, id: string): Promise<ScenarioResponse> {
  requirePermission(actor, 'mysteryVisits.plan');
  return presentScenario(ctx.db, await scenarioRow(ctx.db, actor.cbId, id));
}

export async function createScenario(
  ctx: AppContext,
  actor: Actor,
  body: ScenarioCreateBody,
  requestId: string | null,
): Promise<ScenarioResponse> {
  requirePermission(actor, 'mysteryVisits.plan');
  const content = parseScenarioContent(body.content);
  const taken = await ctx.db
    .selectFrom('mysteryScenarios')
    .select('id')
    .where('cbId', '=', actor.cbId)
    .where('code', '=', body.code)
    .executeTakeFirst();
  if (taken) throw refused('scenario_code_taken', `A scenario ${body.code} exists.`, { path: 'code' });
  const at = now(ctx);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mysteryScenarios')
      .values({
        id,
        cbId: actor.cbId,
        code: body.code,
        schemeUrn: body.schemeUrn,
        channel: content.channel,
        titleZh: content.title.zh,
        titleEn: content.title.en ?? null,
        builtin: 0,
        draftContent: JSON.stringify(content),
        latestNumber: 0,
        status: 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryScenario.create',
      entityType: 'mysteryScenario',
      entityId: id,
      after: { code: body.code, schemeUrn: body.schemeUrn, channel: content.channel },
    });
  });
  return getScenario(ctx, actor, id);
}

export async function updateScenario(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ScenarioUpdateBody,
  requestId: string | null,
): Promise<ScenarioResponse> {
  requirePermission(actor, 'mysteryVisits.plan');
  const content = parseScenarioContent(body.content);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await scenarioRow(trx, actor.cbId, id);
    if (row.version !== body.version) throw versionConflict('scenario', row.version);
    const res = await trx
      .updateTable('mysteryScenarios')
      .set({
        draftContent: JSON.stringify(content),
        channel: content.channel,
        titleZh: content.title.zh,
        titleEn: content.title.en ?? null,
        updatedAt: now(ctx),
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw versionConflict('scenario');
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryScenario.update',
      entityType: 'mysteryScenario',
      entityId: id,
      after: { questions: content.questions.length, evidence: content.evidence.length },
    });
  });
  return getScenario(ctx, actor, id);
}

/** The newest published version of a scheme URN in the body, if any (to check a scenario's items). */
async function schemePackageFor(db: Executor, cbId: string, urn: string) {
  const row = await db
    .selectFrom('schemeVersions')
    .select(['packageJson'])
    .where('cbId', '=', cbId)
    .where('urn', '=', urn)
    .where('status', '=', 'published')
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return row ? (JSON.parse(row.packageJson) as Parameters<typeof checkScenarioAgainstScheme>[1]) : null;
}

/** Freezes the draft as the next version under its content hash; visits planned later pin it. */
export async function publishScenario(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: SubmitBody,
  requestId: string | null,
): Promise<ScenarioResponse> {
  requirePermission(actor, 'mysteryVisits.plan');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await scenarioRow(trx, actor.cbId, id);
    if (row.version !== body.version) throw versionConflict('scenario', row.version);
    if (!row.draftContent) {
      throw refused('scenario_unchanged', 'Nothing to publish: the latest version is current.', {
        path: 'draft',
      });
    }
    const content = parseScenarioContent(JSON.parse(row.draftContent));
    const pkg = await schemePackageFor(trx, actor.cbId, row.schemeUrn);
    if (pkg) checkScenarioAgainstScheme(content, pkg);
    const number = row.latestNumber + 1;
    const contentHash = scenarioContentHash(content, sha256);
    const at = now(ctx);
    await trx
      .insertInto('mysteryScenarioVersions')
      .values({
        id: randomUUID(),
        cbId: actor.cbId,
        scenarioId: id,
        number,
        content: JSON.stringify(content),
        contentHash,
        publishedBy: actor.userId,
        publishedAt: at,
      })
      .execute();
    const res = await trx
      .updateTable('mysteryScenarios')
      .set({ draftContent: null, latestNumber: number, updatedAt: at, version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw versionConflict('scenario');
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryScenario.publish',
      entityType: 'mysteryScenario',
      entityId: id,
      after: { number, contentHash },
    });
  });
  return getScenario(ctx, actor, id);
}

// ── loading and presenting visits ───────────────────────────────────────────────────────────────────

type View = 'staff' | 'shopper' | 'client';

/** A visit the shopper was assigned (anyone else: 404). */
async function ownVisit(db: Executor, actor: Actor, id: string): Promise<MysteryVisitRow> {
  requirePermission(actor, 'mysteryVisits.conduct');
  const row = await db
    .selectFrom('mysteryVisits')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.shopperId !== userIdOf(actor)) throw notFound('Mystery visit');
  return row;
}

/**
 * How much of an evaluation's visits a CB staff member reads: those who plan (cbAdmin, programme managers),
 * reviewers (`mysteryVisits.review`) and the evaluation's team see all of them; anyone else only the visits
 * assigned to them as shopper (usually none). Team membership is the evaluation module's rule (`onTeam`).
 */
async function staffReach(db: Executor, actor: Actor, evaluation: EvaluationRow): Promise<'all' | 'own'> {
  if (
    actor.roles.includes('cbAdmin') ||
    actor.roles.includes('programmeManager') ||
    hasPermission(actor.roles, 'mysteryVisits.review') ||
    // The decision maker decides on this evidence, so reads it like the reviewer.
    hasPermission(actor.roles, 'decisions.make')
  ) {
    return 'all';
  }
  const me = await personnelOfActor(db, actor);
  return onTeam(evaluation, me?.id) ? 'all' : 'own';
}

/**
 * A visit readers may see: CB staff as `staffReach` allows; a client only its own, once approved. Anyone
 * else gets 404, so nothing tells them the visit exists.
 */
async function readableVisit(db: Executor, actor: Actor, id: string): Promise<MysteryVisitRow> {
  requirePermission(actor, 'mysteryVisits.read');
  const row = await db
    .selectFrom('mysteryVisits')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Mystery visit');
  const scope = organisationScope(actor);
  if (scope) {
    if (row.clientId !== scope || row.state !== 'approved') throw notFound('Mystery visit');
    return row;
  }
  const evaluation = await evaluationsRepository.get(db, actor.cbId, row.evaluationId);
  if (!evaluation) throw notFound('Mystery visit');
  if ((await staffReach(db, actor, evaluation)) === 'own' && row.shopperId !== actor.userId) {
    throw notFound('Mystery visit');
  }
  return row;
}

async function contentOf(db: Executor, versionId: string) {
  const v = await db
    .selectFrom('mysteryScenarioVersions')
    .innerJoin('mysteryScenarios', 'mysteryScenarios.id', 'mysteryScenarioVersions.scenarioId')
    .select([
      'mysteryScenarioVersions.id as id',
      'mysteryScenarioVersions.number as number',
      'mysteryScenarioVersions.content as content',
      'mysteryScenarioVersions.contentHash as contentHash',
      'mysteryScenarios.id as scenarioId',
      'mysteryScenarios.code as code',
    ])
    .where('mysteryScenarioVersions.id', '=', versionId)
    .executeTakeFirstOrThrow();
  return { ...v, parsed: JSON.parse(v.content) as ScenarioContent };
}

async function answersOf(db: Executor, visitId: string) {
  const rows = await db
    .selectFrom('mysteryVisitAnswers')
    .selectAll()
    .where('visitId', '=', visitId)
    .execute();
  return rows.map((r) => ({ ...r, parsed: JSON.parse(r.value) as AnswerValue }));
}

const answerMap = (rows: { questionId: string; parsed: AnswerValue }[]) =>
  new Map(rows.map((r) => [r.questionId, r.parsed]));

async function present(db: Executor, row: MysteryVisitRow, view: View): Promise<VisitResponse> {
  const scenario = await contentOf(db, row.scenarioVersionId);
  const answers = await answersOf(db, row.id);
  const shopper =
    view === 'client'
      ? null
      : await db
          .selectFrom('users')
          .select(['id', 'displayName'])
          .where('id', '=', row.shopperId)
          .executeTakeFirst();
  const files =
    view === 'client'
      ? []
      : await db
          .selectFrom('mysteryVisitFiles')
          .selectAll()
          .where('visitId', '=', row.id)
          .orderBy('createdAt')
          .execute();
  const log =
    view === 'staff'
      ? await db
          .selectFrom('mysteryVisitLog')
          .selectAll()
          .where('visitId', '=', row.id)
          .orderBy('seq')
          .execute()
      : null;
  const samples: VisitItemSamples[] = row.lockedSamples
    ? (JSON.parse(row.lockedSamples) as VisitItemSamples[])
    : visitSamples(scenario.parsed, answerMap(answers));
  return {
    id: row.id,
    ref: `MV-${row.number}`,
    number: row.number,
    evaluationId: row.evaluationId,
    outlet: { siteId: row.siteId, code: row.outletCode, name: row.outletName },
    channel: row.channel as VisitResponse['channel'],
    scenario: {
      id: scenario.scenarioId,
      code: scenario.code,
      versionNumber: scenario.number,
      contentHash: scenario.contentHash,
      content: scenario.parsed,
    },
    shopper: shopper ? { id: shopper.id, displayName: shopper.displayName } : null,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    state: row.state,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    gps:
      view !== 'client' && row.gpsLatitude !== null && row.gpsLongitude !== null
        ? {
            latitude: row.gpsLatitude,
            longitude: row.gpsLongitude,
            accuracy: row.gpsAccuracy ?? 0,
            at: row.gpsAt ?? '',
          }
        : null,
    flags: view === 'client' ? [] : parseJson<VisitFlag[]>(row.flags, []),
    submittedAt: row.submittedAt,
    reviewNote: row.reviewNote,
    reviewedAt: row.reviewedAt,
    voidReason: view === 'client' ? null : row.voidReason,
    locked: row.lockedSamples !== null,
    samples,
    answers: answers.map((a) => ({
      questionId: a.questionId,
      value: a.parsed,
      note: a.note,
      answeredAt: a.answeredAt,
    })),
    files: files.map((f) => ({
      id: f.id,
      key: f.evidenceKey,
      kind: f.kind,
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.sizeBytes,
      createdAt: f.createdAt,
    })),
    log: log
      ? log.map((l) => ({
          seq: l.seq,
          event: l.event,
          questionId: l.questionId,
          oldValue: l.oldValue === null ? null : (JSON.parse(l.oldValue) as unknown),
          newValue: l.newValue === null ? null : (JSON.parse(l.newValue) as unknown),
          reason: l.reason,
          clientAt: l.clientAt,
          shownAt: l.shownAt,
          by: l.actorRole,
          at: l.at,
        }))
      : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function appendLog(
  db: Executor,
  ctx: AppContext,
  actor: Actor,
  row: MysteryVisitRow,
  entry: {
    event: string;
    by: 'shopper' | 'reviewer' | 'planner';
    questionId?: string | null;
    oldValue?: unknown;
    newValue?: unknown;
    reason?: string | null;
    clientAt?: string | null;
    shownAt?: string | null;
  },
): Promise<void> {
  const last = await db
    .selectFrom('mysteryVisitLog')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('visitId', '=', row.id)
    .executeTakeFirst();
  await db
    .insertInto('mysteryVisitLog')
    .values({
      id: randomUUID(),
      cbId: row.cbId,
      visitId: row.id,
      seq: Number(last?.seq ?? 0) + 1,
      event: entry.event,
      questionId: entry.questionId ?? null,
      oldValue: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      newValue: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
      reason: entry.reason ?? null,
      clientAt: entry.clientAt ?? null,
      shownAt: entry.shownAt ?? null,
      actorId: actor.userId,
      actorRole: entry.by,
      at: now(ctx),
    })
    .execute();
}

async function saveVisit(
  db: Executor,
  row: MysteryVisitRow,
  changes: Partial<MysteryVisitsTable>,
  at: string,
): Promise<void> {
  const res = await db
    .updateTable('mysteryVisits')
    .set({ ...changes, updatedAt: at, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw versionConflict('mystery visit');
}

/** The flags of a visit as it stands (window, duration, GPS against the outlet). */
async function flagsFor(
  db: Executor,
  row: MysteryVisitsTable,
  content: ScenarioContent,
): Promise<VisitFlag[]> {
  const evaluation = await evaluationsRepository.get(db, row.cbId, row.evaluationId);
  const site = evaluation ? sitesOf(evaluation).find((s) => s.id === row.siteId) : undefined;
  const outlet = site?.outletId
    ? await db
        .selectFrom('outlets')
        .select(['latitude', 'longitude'])
        .where('cbId', '=', row.cbId)
        .where('id', '=', site.outletId)
        .executeTakeFirst()
    : undefined;
  return visitFlags(
    {
      channel: content.channel,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      gps:
        row.gpsLatitude !== null && row.gpsLongitude !== null
          ? {
              latitude: row.gpsLatitude,
              longitude: row.gpsLongitude,
              accuracy: row.gpsAccuracy ?? 0,
              at: row.gpsAt ?? row.startedAt ?? '',
            }
          : null,
      outlet: { latitude: outlet?.latitude ?? null, longitude: outlet?.longitude ?? null },
    },
    content.expectedMinutes,
  );
}

// ── planning ────────────────────────────────────────────────────────────────────────────────────────

export async function listShoppers(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'mysteryVisits.plan');
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'displayName', 'roles'])
    .where('cbId', '=', actor.cbId)
    .where('organisationId', '=', actor.cbId)
    .where('status', '=', 'active')
    .orderBy('displayName')
    .execute();
  return {
    items: rows
      .filter((r) => parseJson<string[]>(r.roles, []).includes('mysteryShopper'))
      .map((r) => ({ id: r.id, displayName: r.displayName })),
  };
}

/** Visits planned for an evaluation: `count` per sampled outlet, in a window, for one shopper. */
export async function planVisits(
  ctx: AppContext,
  actor: Actor,
  evaluationId: string,
  body: PlanVisitsBody,
  requestId: string | null,
): Promise<{ items: VisitResponse[] }> {
  requirePermission(actor, 'mysteryVisits.plan');
  const evaluation = await visibleEvaluation(ctx.db, actor, evaluationId);
  requireState(evaluation, ['planned', 'inProgress'], 'planning mystery visits');
  const scenario = await scenarioRow(ctx.db, actor.cbId, body.scenarioId);
  const latest = (await versionsOf(ctx.db, scenario.id)).at(-1);
  if (!latest || scenario.status !== 'active') {
    throw refused('scenario_not_published', 'Publish the scenario before planning visits with it.', {
      path: 'scenarioId',
    });
  }
  const content = JSON.parse(latest.content) as ScenarioContent;
  checkScenarioAgainstScheme(content, (await pinnedScheme(ctx.db, evaluation)).package);
  const windowStart = new Date(body.windowStart).toISOString();
  const windowEnd = new Date(body.windowEnd).toISOString();
  if (windowStart >= windowEnd) {
    throw refused('window_invalid', 'The window must end after it starts.', { path: 'windowEnd' });
  }
  const sites = sitesOf(evaluation);
  const chosen = body.siteIds.map((id, i) => {
    const site = sites.find((s) => s.id === id && s.kind === 'outlet');
    if (!site) {
      throw refused('unknown_site', `Site ${id} is not a sampled outlet of this evaluation.`, {
        path: `siteIds[${i}]`,
      });
    }
    return site;
  });
  const shopper = await ctx.db
    .selectFrom('users')
    .select(['id', 'roles', 'status'])
    .where('cbId', '=', actor.cbId)
    .where('organisationId', '=', actor.cbId)
    .where('id', '=', body.shopperId)
    .executeTakeFirst();
  if (
    !shopper ||
    shopper.status !== 'active' ||
    !parseJson<string[]>(shopper.roles, []).includes('mysteryShopper')
  ) {
    throw refused('not_a_shopper', 'Visits are assigned to active users with the mystery shopper role.', {
      path: 'shopperId',
    });
  }
  const ids: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('mysteryVisits')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('evaluationId', '=', evaluation.id)
      .executeTakeFirst();
    let number = Number(last?.n ?? 0);
    const at = now(ctx);
    for (const site of chosen) {
      for (let k = 0; k < body.count; k++) {
        const id = randomUUID();
        ids.push(id);
        await trx
          .insertInto('mysteryVisits')
          .values({
            id,
            cbId: actor.cbId,
            evaluationId: evaluation.id,
            clientId: evaluation.clientId,
            number: ++number,
            siteId: site.id,
            outletCode: site.code,
            outletName: site.name,
            scenarioVersionId: latest.id,
            channel: content.channel,
            shopperId: shopper.id,
            windowStart,
            windowEnd,
            state: 'assigned',
            startedAt: null,
            endedAt: null,
            gpsLatitude: null,
            gpsLongitude: null,
            gpsAccuracy: null,
            gpsAt: null,
            flags: '[]',
            submittedAt: null,
            reviewNote: null,
            reviewedBy: null,
            reviewedAt: null,
            voidReason: null,
            lockedSamples: null,
            lockedContentHash: null,
            createdBy: actor.userId,
            createdAt: at,
            updatedAt: at,
            version: 1,
          })
          .execute();
      }
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryVisit.plan',
      entityType: 'evaluation',
      entityId: evaluation.id,
      after: {
        scenario: scenario.code,
        scenarioVersion: latest.number,
        sites: chosen.map((s) => s.code),
        count: body.count,
        windowStart,
        windowEnd,
        visits: ids.length,
      },
    });
  });
  const items: VisitResponse[] = [];
  for (const id of ids) {
    const row = await ctx.db
      .selectFrom('mysteryVisits')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    items.push(await present(ctx.db, row, 'staff'));
  }
  return { items };
}

/**
 * The evaluation's visits: planners, reviewers and the team see all of them; other staff only their own
 * assignments (none: 404); the client only approved ones, without the shopper.
 */
export async function listEvaluationVisits(
  ctx: AppContext,
  actor: Actor,
  evaluationId: string,
): Promise<{ items: VisitResponse[] }> {
  requirePermission(actor, 'mysteryVisits.read');
  const evaluation = await readableEvaluation(ctx.db, actor, evaluationId);
  const scope = organisationScope(actor);
  let q = ctx.db
    .selectFrom('mysteryVisits')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('evaluationId', '=', evaluation.id);
  const ownOnly = !scope && (await staffReach(ctx.db, actor, evaluation)) === 'own';
  if (scope) q = q.where('state', '=', 'approved');
  else if (ownOnly) q = q.where('shopperId', '=', actor.userId ?? '');
  const rows = await q.orderBy('number').execute();
  // Staff outside the evaluation's people with no visit of their own: as if it did not exist.
  if (ownOnly && rows.length === 0) throw notFound('Evaluation');
  const items: VisitResponse[] = [];
  for (const r of rows) items.push(await present(ctx.db, r, scope ? 'client' : 'staff'));
  return { items };
}

/** CB staff: any evaluation of the body; a client's users: their own client's evaluations. */
async function readableEvaluation(db: Executor, actor: Actor, id: string): Promise<EvaluationRow> {
  const scope = organisationScope(actor);
  if (!scope) return visibleEvaluation(db, actor, id);
  const row = await evaluationsRepository.get(db, actor.cbId, id);
  if (!row || row.clientId !== scope) throw notFound('Evaluation');
  return row;
}

/**
 * Evaluations whose visits the caller reads, to pick one: a client's users get their own client's
 * evaluations with approved visits (counting only those); CB staff the body's evaluations with visits they
 * may read (planners and reviewers: all; others: their team's and their own assignments).
 */
export async function listVisitEvaluations(ctx: AppContext, actor: Actor): Promise<VisitEvaluationList> {
  requirePermission(actor, 'mysteryVisits.read');
  const scope = organisationScope(actor);
  let q = ctx.db
    .selectFrom('mysteryVisits')
    .select(['evaluationId', 'state', 'shopperId'])
    .where('cbId', '=', actor.cbId);
  if (scope) q = q.where('clientId', '=', scope).where('state', '=', 'approved');
  const visits = await q.execute();
  type Count = { visits: number; approved: number };
  const counts = new Map<string, { all: Count; mine: Count }>();
  for (const v of visits) {
    const c = counts.get(v.evaluationId) ?? {
      all: { visits: 0, approved: 0 },
      mine: { visits: 0, approved: 0 },
    };
    for (const k of v.shopperId === actor.userId ? [c.all, c.mine] : [c.all]) {
      k.visits++;
      if (v.state === 'approved') k.approved++;
    }
    counts.set(v.evaluationId, c);
  }
  if (counts.size === 0) return { items: [] };
  const rows = await ctx.db
    .selectFrom('evaluations')
    .innerJoin('organisations', 'organisations.id', 'evaluations.clientId')
    .selectAll('evaluations')
    .select('organisations.name as clientName')
    .where('evaluations.cbId', '=', actor.cbId)
    .where('evaluations.id', 'in', [...counts.keys()])
    .orderBy('evaluations.createdAt', 'desc')
    .execute();
  const items: VisitEvaluationList['items'] = [];
  for (const r of rows) {
    // Staff outside the evaluation's people count only their own assignments.
    const ownOnly = !scope && (await staffReach(ctx.db, actor, r)) === 'own';
    const c = ownOnly ? counts.get(r.id)!.mine : counts.get(r.id)!.all;
    if (c.visits === 0) continue;
    items.push({
      id: r.id,
      client: { name: r.clientName },
      stage: r.stage,
      state: r.state,
      plannedStart: r.plannedStart,
      visits: c.visits,
      approvedVisits: c.approved,
    });
  }
  return { items };
}

export async function getVisit(ctx: AppContext, actor: Actor, id: string): Promise<VisitResponse> {
  const row = await readableVisit(ctx.db, actor, id);
  return present(ctx.db, row, organisationScope(actor) ? 'client' : 'staff');
}

// ── the shopper ─────────────────────────────────────────────────────────────────────────────────────

export async function listMyVisits(ctx: AppContext, actor: Actor): Promise<{ items: VisitResponse[] }> {
  requirePermission(actor, 'mysteryVisits.conduct');
  const rows = await ctx.db
    .selectFrom('mysteryVisits')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('shopperId', '=', userIdOf(actor))
    .orderBy('windowStart')
    .orderBy('number')
    .execute();
  const items: VisitResponse[] = [];
  for (const r of rows) items.push(await present(ctx.db, r, 'shopper'));
  return { items };
}

export async function getMyVisit(ctx: AppContext, actor: Actor, id: string): Promise<VisitResponse> {
  return present(ctx.db, await ownVisit(ctx.db, actor, id), 'shopper');
}

export async function startVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: StartBody,
  requestId: string | null,
): Promise<VisitResponse> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await ownVisit(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('mystery visit', row.version);
    const state = transition(VISIT_MACHINE, 'mysteryVisit', row.state, 'start');
    const at = now(ctx);
    const startedAt = body.at ? new Date(body.at).toISOString() : at;
    const { parsed } = await contentOf(trx, row.scenarioVersionId);
    const next = { ...row, state, startedAt };
    await saveVisit(
      trx,
      row,
      { state, startedAt, flags: JSON.stringify(await flagsFor(trx, next, parsed)) },
      at,
    );
    await appendLog(trx, ctx, actor, row, { event: 'start', by: 'shopper', clientAt: body.at ?? null });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryVisit.start',
      entityType: 'mysteryVisit',
      entityId: id,
      after: { state, startedAt },
    });
  });
  return getMyVisit(ctx, actor, id);
}

function requireEditable(row: MysteryVisitRow) {
  if (!EDITABLE_STATES.includes(row.state)) {
    throw refused('visit_not_editable', `A ${row.state} visit cannot be changed.`, {
      path: 'state',
      state: row.state,
    });
  }
}

/** Field capture: answers with their timings, the GPS check-in, the end of the visit. */
export async function captureVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: CaptureBody,
  requestId: string | null,
): Promise<VisitResponse> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await ownVisit(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('mystery visit', row.version);
    requireEditable(row);
    const { parsed: content } = await contentOf(trx, row.scenarioVersionId);
    const existing = new Map((await answersOf(trx, row.id)).map((a) => [a.questionId, a]));
    const at = now(ctx);
    let changed = 0;
    for (const [i, a] of body.answers.entries()) {
      const q = content.questions.find((x) => x.id === a.questionId);
      if (!q) {
        throw refused('unknown_question', `No question ${a.questionId} in this scenario.`, {
          path: `answers[${i}].questionId`,
        });
      }
      if (!answerFits(q, a.value)) {
        throw refused('answer_invalid', `The answer to ${a.questionId} does not fit the question.`, {
          path: `answers[${i}].value`,
        });
      }
      const before = existing.get(a.questionId);
      const answeredAt = a.answeredAt ? new Date(a.answeredAt).toISOString() : at;
      if (before) {
        if (before.parsed === a.value && (before.note ?? null) === (a.note ?? null)) continue;
        await trx
          .updateTable('mysteryVisitAnswers')
          .set({ value: JSON.stringify(a.value), note: a.note ?? null, answeredAt, updatedAt: at })
          .where('id', '=', before.id)
          .execute();
      } else {
        await trx
          .insertInto('mysteryVisitAnswers')
          .values({
            id: randomUUID(),
            cbId: row.cbId,
            visitId: row.id,
            questionId: a.questionId,
            value: JSON.stringify(a.value),
            note: a.note ?? null,
            answeredAt,
            updatedAt: at,
          })
          .execute();
      }
      changed++;
      await appendLog(trx, ctx, actor, row, {
        event: before ? 'change' : 'answer',
        by: 'shopper',
        questionId: a.questionId,
        oldValue: before ? before.parsed : undefined,
        newValue: a.value,
        clientAt: a.answeredAt ?? null,
        shownAt: a.shownAt ?? null,
      });
    }
    const changes: Partial<MysteryVisitsTable> = {};
    if (body.gps) {
      changes.gpsLatitude = body.gps.latitude;
      changes.gpsLongitude = body.gps.longitude;
      changes.gpsAccuracy = body.gps.accuracy;
      changes.gpsAt = new Date(body.gps.at).toISOString();
      await appendLog(trx, ctx, actor, row, {
        event: 'gps',
        by: 'shopper',
        newValue: { accuracy: body.gps.accuracy },
        clientAt: body.gps.at,
      });
    }
    if (body.endedAt) {
      changes.endedAt = new Date(body.endedAt).toISOString();
      await appendLog(trx, ctx, actor, row, { event: 'end', by: 'shopper', clientAt: body.endedAt });
    }
    changes.flags = JSON.stringify(await flagsFor(trx, { ...row, ...changes }, content));
    await saveVisit(trx, row, changes, at);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryVisit.capture',
      entityType: 'mysteryVisit',
      entityId: id,
      after: { answersChanged: changed, gps: !!body.gps, ended: !!body.endedAt },
    });
  });
  return getMyVisit(ctx, actor, id);
}

export async function submitVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: SubmitBody,
  requestId: string | null,
): Promise<VisitResponse> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await ownVisit(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('mystery visit', row.version);
    const state = transition(VISIT_MACHINE, 'mysteryVisit', row.state, 'submit');
    const { parsed: content } = await contentOf(trx, row.scenarioVersionId);
    const at = now(ctx);
    const keys = await trx
      .selectFrom('mysteryVisitFiles')
      .select('evidenceKey')
      .where('visitId', '=', row.id)
      .execute();
    checkSubmission({
      content,
      now: at,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      answers: answerMap(await answersOf(trx, row.id)),
      evidenceKeys: new Set(keys.map((k) => k.evidenceKey)),
    });
    const flags = await flagsFor(trx, row, content);
    await saveVisit(trx, row, { state, submittedAt: at, flags: JSON.stringify(flags) }, at);
    await appendLog(trx, ctx, actor, row, { event: 'submit', by: 'shopper' });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryVisit.submit',
      entityType: 'mysteryVisit',
      entityId: id,
      before: { state: row.state },
      after: { state, flags: flags.map((f) => f.code) },
    });
  });
  return getMyVisit(ctx, actor, id);
}

// ── review ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Approve (freezes the samples: later scenario versions never recompute them), send back for correction,
 * or void (exposure). Approving a flagged visit needs the flags acknowledged; returning and voiding need
 * a note. Approval changes the evaluation's score, so the evaluation must still be open.
 */
export async function reviewVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ReviewBody,
  requestId: string | null,
): Promise<VisitResponse> {
  requirePermission(actor, 'mysteryVisits.review');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await readableVisit(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('mystery visit', row.version);
    if (row.shopperId === actor.userId) {
      throw refused('own_visit', 'A shopper never reviews their own visit.', { path: 'reviewer' });
    }
    const state = transition(VISIT_MACHINE, 'mysteryVisit', row.state, body.action);
    const note = body.note?.trim() || null;
    const at = now(ctx);
    const changes: Partial<MysteryVisitsTable> = { state, reviewedBy: actor.userId, reviewedAt: at };
    if (body.action === 'approve') {
      const evaluation = (await evaluationsRepository.get(trx, row.cbId, row.evaluationId))!;
      requireState(evaluation, ['planned', 'inProgress'], 'approving mystery visits');
      const flags = parseJson<VisitFlag[]>(row.flags, []);
      if (flags.length && !body.acknowledgeFlags) {
        throw refused('flags_not_acknowledged', 'This visit has flags: acknowledge them to approve it.', {
          path: 'acknowledgeFlags',
          flags: flags.map((f) => f.code),
        });
      }
      const scenario = await contentOf(trx, row.scenarioVersionId);
      changes.lockedSamples = JSON.stringify(
        visitSamples(scenario.parsed, answerMap(await answersOf(trx, row.id))),
      );
      changes.lockedContentHash = scenario.contentHash;
      changes.reviewNote = note;
    } else {
      if (!note) {
        throw refused('note_required', 'Say why: what to correct, or how the visit was exposed.', {
          path: 'note',
        });
      }
      if (body.action === 'void') changes.voidReason = note;
      else changes.reviewNote = note;
    }
    await saveVisit(trx, row, changes, at);
    await appendLog(trx, ctx, actor, row, { event: body.action, by: 'reviewer', reason: note });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: `mysteryVisit.${body.action}`,
      entityType: 'mysteryVisit',
      entityId: id,
      before: { state: row.state },
      after: {
        state,
        note,
        ...(changes.lockedSamples ? { samples: JSON.parse(changes.lockedSamples) } : {}),
      },
    });
  });
  return getVisit(ctx, actor, id);
}

/** A reviewer corrects an answer of a submitted visit, with a reason (logged with the old value). */
export async function editAnswer(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ReviewEditBody,
  requestId: string | null,
): Promise<VisitResponse> {
  requirePermission(actor, 'mysteryVisits.review');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await readableVisit(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('mystery visit', row.version);
    if (row.state !== 'submitted') {
      throw refused('visit_not_editable', 'Reviewers edit submitted visits only.', { path: 'state' });
    }
    const { parsed: content } = await contentOf(trx, row.scenarioVersionId);
    const q = content.questions.find((x) => x.id === body.questionId);
    if (!q) throw refused('unknown_question', `No question ${body.questionId}.`, { path: 'questionId' });
    if (!answerFits(q, body.value))
      throw refused('answer_invalid', 'The answer does not fit.', { path: 'value' });
    const before = (await answersOf(trx, row.id)).find((a) => a.questionId === body.questionId);
    const at = now(ctx);
    if (before) {
      await trx
        .updateTable('mysteryVisitAnswers')
        .set({ value: JSON.stringify(body.value), updatedAt: at })
        .where('id', '=', before.id)
        .execute();
    } else {
      await trx
        .insertInto('mysteryVisitAnswers')
        .values({
          id: randomUUID(),
          cbId: row.cbId,
          visitId: row.id,
          questionId: body.questionId,
          value: JSON.stringify(body.value),
          note: null,
          answeredAt: at,
          updatedAt: at,
        })
        .execute();
    }
    await saveVisit(trx, row, {}, at);
    await appendLog(trx, ctx, actor, row, {
      event: 'reviewEdit',
      by: 'reviewer',
      questionId: body.questionId,
      oldValue: before ? before.parsed : undefined,
      newValue: body.value,
      reason: body.reason,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'mysteryVisit.edit',
      entityType: 'mysteryVisit',
      entityId: id,
      before: { [body.questionId]: before ? before.parsed : null },
      after: { [body.questionId]: body.value, reason: body.reason },
    });
  });
  return getVisit(ctx, actor, id);
}

// ── results ─────────────────────────────────────────────────────────────────────────────────────────

const rate = (checked: number, conforming: number) => ({
  checked,
  conforming,
  rate: checked ? conforming / checked : null,
});

/** Approved visits only: per outlet, per channel, the weakest questions and outlets × question groups. */
export async function visitResults(
  ctx: AppContext,
  actor: Actor,
  evaluationId: string,
): Promise<ResultsResponse> {
  requirePermission(actor, 'mysteryVisits.read');
  const evaluation = await readableEvaluation(ctx.db, actor, evaluationId);
  if (!organisationScope(actor) && (await staffReach(ctx.db, actor, evaluation)) !== 'all') {
    throw notFound('Evaluation');
  }
  const rows = await ctx.db
    .selectFrom('mysteryVisits')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('evaluationId', '=', evaluation.id)
    .where('state', '=', 'approved')
    .orderBy('number')
    .execute();
  const outlets = new Map<
    string,
    { siteId: string; code: string; name: string; visits: number; checked: number; conforming: number }
  >();
  const channels = new Map<string, { visits: number; checked: number; conforming: number }>();
  const questions = new Map<
    string,
    {
      scenarioCode: string;
      questionId: string;
      text: { zh: string; en: string | null };
      node: string;
      group: string;
      checked: number;
      conforming: number;
    }
  >();
  const groups: string[] = [];
  const cells = new Map<string, { checked: number; conforming: number }>();
  for (const r of rows) {
    const samples = JSON.parse(r.lockedSamples ?? '[]') as VisitItemSamples[];
    const checked = samples.reduce((s, x) => s + x.checked, 0);
    const conforming = samples.reduce((s, x) => s + x.conforming, 0);
    const o = outlets.get(r.siteId) ?? {
      siteId: r.siteId,
      code: r.outletCode,
      name: r.outletName,
      visits: 0,
      checked: 0,
      conforming: 0,
    };
    o.visits++;
    o.checked += checked;
    o.conforming += conforming;
    outlets.set(r.siteId, o);
    const c = channels.get(r.channel) ?? { visits: 0, checked: 0, conforming: 0 };
    c.visits++;
    c.checked += checked;
    c.conforming += conforming;
    channels.set(r.channel, c);
    const scenario = await contentOf(ctx.db, r.scenarioVersionId);
    const answers = answerMap(await answersOf(ctx.db, r.id));
    for (const q of scenario.parsed.questions) {
      const v = answers.get(q.id);
      if (v === undefined) continue;
      const s = sampleOf(q, v);
      if (s === 'none') continue;
      const key = `${scenario.code}/${q.id}`;
      const qs = questions.get(key) ?? {
        scenarioCode: scenario.code,
        questionId: q.id,
        text: { zh: q.text.zh, en: q.text.en ?? null },
        node: q.node,
        group: q.group,
        checked: 0,
        conforming: 0,
      };
      qs.checked++;
      if (s === 'conforming') qs.conforming++;
      questions.set(key, qs);
      if (!groups.includes(q.group)) groups.push(q.group);
      const cell = cells.get(`${r.siteId}/${q.group}`) ?? { checked: 0, conforming: 0 };
      cell.checked++;
      if (s === 'conforming') cell.conforming++;
      cells.set(`${r.siteId}/${q.group}`, cell);
    }
  }
  const withRate = <T extends { checked: number; conforming: number }>(x: T) => ({
    ...x,
    ...rate(x.checked, x.conforming),
  });
  return {
    evaluationId: evaluation.id,
    approvedVisits: rows.length,
    byOutlet: [...outlets.values()].map(withRate),
    byChannel: [...channels.entries()].map(([channel, c]) =>
      withRate({ channel: channel as ResultsResponse['byChannel'][number]['channel'], ...c }),
    ),
    weakestQuestions: [...questions.values()]
      .map(withRate)
      .sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1) || b.checked - a.checked)
      .slice(0, 10),
    heatMap: {
      groups,
      rows: [...outlets.values()].map((o) => ({
        siteId: o.siteId,
        code: o.code,
        name: o.name,
        cells: groups.map((g) => {
          const c = cells.get(`${o.siteId}/${g}`) ?? { checked: 0, conforming: 0 };
          return rate(c.checked, c.conforming);
        }),
      })),
    },
  };
}

// ── evidence files ──────────────────────────────────────────────────────────────────────────────────

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_AUDIO_BYTES = 30 * 1024 * 1024;

const ascii = (h: Buffer, from: number, to: number) => h.subarray(from, to).toString('latin1');
const EVIDENCE_TYPES: Record<
  'photo' | 'audio',
  { type: string; ext: string[]; test: (h: Buffer) => boolean }[]
> = {
  photo: [
    {
      type: 'image/jpeg',
      ext: ['.jpg', '.jpeg'],
      test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
    },
    {
      type: 'image/png',
      ext: ['.png'],
      test: (h) => h.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
    },
    {
      type: 'image/webp',
      ext: ['.webp'],
      test: (h) => ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WEBP',
    },
    {
      type: 'image/heic',
      ext: ['.heic', '.heif'],
      test: (h) => ascii(h, 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(ascii(h, 8, 12)),
    },
  ],
  audio: [
    {
      type: 'audio/mpeg',
      ext: ['.mp3'],
      test: (h) => ascii(h, 0, 3) === 'ID3' || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
    },
    { type: 'audio/mp4', ext: ['.m4a', '.mp4', '.aac'], test: (h) => ascii(h, 4, 8) === 'ftyp' },
    {
      type: 'audio/wav',
      ext: ['.wav'],
      test: (h) => ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WAVE',
    },
    { type: 'audio/ogg', ext: ['.ogg', '.oga', '.opus'], test: (h) => ascii(h, 0, 4) === 'OggS' },
    {
      type: 'audio/webm',
      ext: ['.webm'],
      test: (h) => h.subarray(0, 4).equals(Buffer.from('1a45dfa3', 'hex')),
    },
    { type: 'audio/amr', ext: ['.amr'], test: (h) => ascii(h, 0, 5) === '#!AMR' },
  ],
};

export const EVIDENCE_RULES = {
  photo: { maxBytes: MAX_PHOTO_BYTES, ext: EVIDENCE_TYPES.photo.flatMap((t) => t.ext) },
  audio: { maxBytes: MAX_AUDIO_BYTES, ext: EVIDENCE_TYPES.audio.flatMap((t) => t.ext) },
};

const tooLarge = (max: number) =>
  new AppError(413, 'evidence_too_large', `This evidence is at most ${max / 1024 / 1024} MB.`, {
    maxBytes: max,
  });
const wrongType = (kind: 'photo' | 'audio') =>
  new AppError(
    415,
    'evidence_type_not_allowed',
    `Allowed ${kind} files: ${EVIDENCE_RULES[kind].ext.join(', ')}.`,
    {
      allowed: EVIDENCE_RULES[kind].ext,
    },
  );

/**
 * The shopper's photo or audio for one evidence item of the scenario. Refused before the upload completes:
 * a declared length over the limit (413) or a name or type the item does not take (415) answer before the
 * body is read; the content is then streamed to DATA_DIR under the size limit and its first bytes must
 * match the type.
 */
export async function uploadVisitEvidence(
  ctx: AppContext,
  actor: Actor,
  id: string,
  key: string,
  req: FastifyRequest,
): Promise<VisitResponse> {
  const row = await ownVisit(ctx.db, actor, id);
  requireEditable(row);
  const { parsed: content } = await contentOf(ctx.db, row.scenarioVersionId);
  const item = content.evidence.find((e) => e.key === key);
  if (!item)
    throw refused('unknown_evidence', `The scenario asks for no evidence "${key}".`, { path: 'key' });
  const rules = EVIDENCE_RULES[item.kind];
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > rules.maxBytes + 64 * 1024) throw tooLarge(rules.maxBytes);
  const part = await uploadedPart(req, rules.maxBytes);
  const fileName = path.basename(part.filename || key);
  const ext = path.extname(fileName).toLowerCase();
  if (!rules.ext.includes(ext)) {
    part.file.resume();
    throw wrongType(item.kind);
  }
  const fileId = randomUUID();
  const dir = path.join(ctx.config.dataDir, 'mystery-visits', actor.cbId);
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, fileId);
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, tap, fs.createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) throw tooLarge(rules.maxBytes);
    const type = EVIDENCE_TYPES[item.kind].find((t) => t.ext.includes(ext) && t.test(head))?.type;
    if (!type) throw wrongType(item.kind);
    await ctx.db.transaction().execute(async (trx) => {
      const current = await ownVisit(trx, actor, id);
      requireEditable(current);
      const at = now(ctx);
      await trx
        .insertInto('mysteryVisitFiles')
        .values({
          id: fileId,
          cbId: actor.cbId,
          visitId: id,
          evidenceKey: key,
          kind: item.kind,
          fileName,
          contentType: type,
          sizeBytes: size,
          sha256: hash.digest('hex'),
          storageKey: path.join(actor.cbId, fileId),
          uploadedBy: actor.userId,
          createdAt: at,
        })
        .execute();
      await appendLog(trx, ctx, actor, current, {
        event: 'evidence',
        by: 'shopper',
        newValue: { key, file: fileId, size, type },
      });
      await appendAudit(trx, auditCtx(ctx, actor, req.id), {
        action: 'mysteryVisit.evidence',
        entityType: 'mysteryVisit',
        entityId: id,
        after: { key, file: fileId, contentType: type, size },
      });
    });
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
  return getMyVisit(ctx, actor, id);
}

/** A visit's evidence file: CB staff with `mysteryVisits.evidence` (never the client: photos may show the shopper). */
export async function visitEvidenceFile(ctx: AppContext, actor: Actor, id: string, fileId: string) {
  requirePermission(actor, 'mysteryVisits.evidence');
  const row = await readableVisit(ctx.db, actor, id);
  const f = await ctx.db
    .selectFrom('mysteryVisitFiles')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('visitId', '=', row.id)
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!f) throw notFound('Evidence file');
  return { row: f, path: path.join(ctx.config.dataDir, 'mystery-visits', f.storageKey) };
}

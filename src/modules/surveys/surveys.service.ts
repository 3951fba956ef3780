import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { EvaluationRow, SurveyCampaignsTable } from '../../db/schema.ts';
import { toInstant } from '../../db/time.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  AFTER_SALES_TEMPLATE,
  EMPTY_SUMS,
  metricsOf,
  parseQuestionnaire,
  questionnaireHash,
  type QuestionnaireContent,
  type SurveyMetrics,
  type SurveySums,
} from '../../domain/surveys/index.ts';
import type { PublishedSchemeVersion } from '../../domain/schemes/index.ts';
import { schemeIndexOf } from '../../domain/schemes/tree.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound, versionConflict } from '../../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { sitesOf } from '../evaluations/evaluation-records.ts';
import { pinnedScheme, visibleEvaluation } from '../evaluations/evaluations.service.ts';
import { auditCtx } from '../evaluations/workflow-support.ts';
import type {
  CampaignCreateBody,
  CampaignResponse,
  CampaignUpdateBody,
  MetricsResponse,
  QuestionnaireCreateBody,
  QuestionnaireListResponse,
  QuestionnaireResponse,
  QuestionnaireVersionBody,
} from './surveys.contract.ts';

type CampaignRow = { [K in keyof SurveyCampaignsTable]: SurveyCampaignsTable[K] };

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** A link token: a kind letter (o open, p poster, i invitation) and 24 random bytes. */
export const newToken = (kind: 'o' | 'p' | 'i') => `${kind}${randomBytes(24).toString('base64url')}`;
/** Per-response CSI at or above this counts as "satisfied" when a campaign feeds a sampled item. */
export const SATISFIED_AT = 75;

export const surveyUrl = (ctx: AppContext, token: string) =>
  `${ctx.config.publicBaseUrl.replace(/\/$/, '')}/s/${token}`;

const refused = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, { details });

// ── questionnaires ──────────────────────────────────────────────────────────────────────────────────

async function versionRows(db: Executor, cbId: string, questionnaireId: string) {
  return db
    .selectFrom('surveyQuestionnaireVersions')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('questionnaireId', '=', questionnaireId)
    .orderBy('number')
    .execute();
}

export async function listQuestionnaires(
  ctx: AppContext,
  actor: Actor,
): Promise<z.infer<typeof QuestionnaireListResponse>> {
  requirePermission(actor, 'surveys.read');
  const rows = await ctx.db
    .selectFrom('surveyQuestionnaires as q')
    .innerJoin('surveyQuestionnaireVersions as v', (j) =>
      j.onRef('v.questionnaireId', '=', 'q.id').onRef('v.number', '=', 'q.latestNumber'),
    )
    .select(['q.id', 'q.name', 'q.latestNumber', 'q.updatedAt', 'v.id as latestVersionId'])
    .where('q.cbId', '=', actor.cbId)
    .orderBy('q.name')
    .execute();
  return { items: rows };
}

export async function getQuestionnaire(
  ctx: AppContext,
  actor: Actor,
  id: string,
  db: Executor = ctx.db,
): Promise<z.infer<typeof QuestionnaireResponse>> {
  requirePermission(actor, 'surveys.read');
  const q = await db
    .selectFrom('surveyQuestionnaires')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!q) throw notFound('Questionnaire');
  const versions = await versionRows(db, actor.cbId, id);
  const latest = versions.at(-1)!;
  const summary = (v: (typeof versions)[number]) => ({
    id: v.id,
    number: v.number,
    contentHash: v.contentHash,
    createdAt: v.createdAt,
  });
  return {
    id: q.id,
    name: q.name,
    latestNumber: q.latestNumber,
    version: q.version,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
    latest: { ...summary(latest), content: JSON.parse(latest.content) as Record<string, unknown> },
    versions: versions.map(summary),
  };
}

async function insertVersion(
  db: Executor,
  actor: Actor,
  questionnaireId: string,
  number: number,
  content: QuestionnaireContent,
  now: string,
) {
  const id = randomUUID();
  await db
    .insertInto('surveyQuestionnaireVersions')
    .values({
      id,
      cbId: actor.cbId,
      questionnaireId,
      number,
      content: JSON.stringify(content),
      contentHash: questionnaireHash(content, sha256),
      createdBy: actor.userId,
      createdAt: now,
    })
    .execute();
  return id;
}

export async function createQuestionnaire(
  ctx: AppContext,
  actor: Actor,
  body: z.infer<typeof QuestionnaireCreateBody>,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  const content = parseQuestionnaire(body.content ?? AFTER_SALES_TEMPLATE);
  const id = randomUUID();
  const now = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('surveyQuestionnaires')
      .values({
        id,
        cbId: actor.cbId,
        name: body.name,
        latestNumber: 1,
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .execute();
    await insertVersion(trx, actor, id, 1, content, now);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.questionnaire.create',
      entityType: 'surveyQuestionnaire',
      entityId: id,
      after: { name: body.name, template: body.template ?? null },
    });
  });
  return getQuestionnaire(ctx, actor, id);
}

/** A new version: earlier versions stay as they are (campaigns pin them). */
export async function addQuestionnaireVersion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof QuestionnaireVersionBody>,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  const content = parseQuestionnaire(body.content);
  const now = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    const q = await trx
      .selectFrom('surveyQuestionnaires')
      .selectAll()
      .where('cbId', '=', actor.cbId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!q) throw notFound('Questionnaire');
    if (q.version !== body.version) throw versionConflict('questionnaire', q.version);
    const number = q.latestNumber + 1;
    const updated = await trx
      .updateTable('surveyQuestionnaires')
      .set({ latestNumber: number, updatedAt: now, version: q.version + 1 })
      .where('id', '=', id)
      .where('version', '=', q.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw versionConflict('questionnaire');
    await insertVersion(trx, actor, id, number, content, now);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.questionnaire.version',
      entityType: 'surveyQuestionnaire',
      entityId: id,
      after: { number, contentHash: questionnaireHash(content, sha256) },
    });
  });
  return getQuestionnaire(ctx, actor, id);
}

// ── campaigns ───────────────────────────────────────────────────────────────────────────────────────

export async function campaignRow(db: Executor, cbId: string, id: string): Promise<CampaignRow> {
  const row = await db
    .selectFrom('surveyCampaigns')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Campaign');
  return row;
}

/** A campaign of the actor's body; clients never reach campaigns (404). */
async function visibleCampaign(db: Executor, actor: Actor, id: string): Promise<CampaignRow> {
  if (actor.organisationKind === 'client') throw notFound('Campaign');
  return campaignRow(db, actor.cbId, id);
}

/** Questionnaire versions never change (content-hashed): parsed once per process, by version id. */
const versionCache = new Map<string, Awaited<ReturnType<typeof loadVersion>>>();

async function loadVersion(db: Executor, versionId: string) {
  const v = await db
    .selectFrom('surveyQuestionnaireVersions as v')
    .innerJoin('surveyQuestionnaires as q', 'q.id', 'v.questionnaireId')
    .select(['v.id', 'v.number', 'v.content', 'v.contentHash', 'v.questionnaireId', 'q.name'])
    .where('v.id', '=', versionId)
    .executeTakeFirstOrThrow();
  return { ...v, parsed: JSON.parse(v.content) as QuestionnaireContent };
}

export async function questionnaireOfCampaign(
  db: Executor,
  campaign: Pick<CampaignRow, 'questionnaireVersionId'>,
) {
  const hit = versionCache.get(campaign.questionnaireVersionId);
  if (hit) return hit;
  const v = await loadVersion(db, campaign.questionnaireVersionId);
  if (versionCache.size >= 200) versionCache.clear();
  versionCache.set(v.id, v);
  return v;
}

async function responseCounts(db: Executor, campaignId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('surveyResponses')
    .select(['siteId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaignId', '=', campaignId)
    .groupBy('siteId')
    .execute();
  return new Map(rows.map((r) => [r.siteId, Number(r.n)]));
}

export async function presentCampaign(
  ctx: AppContext,
  db: Executor,
  row: CampaignRow,
): Promise<z.infer<typeof CampaignResponse>> {
  const outlets = await db
    .selectFrom('surveyCampaignOutlets')
    .selectAll()
    .where('campaignId', '=', row.id)
    .orderBy('code')
    .execute();
  const q = await questionnaireOfCampaign(db, row);
  const counts = await responseCounts(db, row.id);
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    name: row.name,
    state: row.state,
    anonymity: row.anonymity,
    questionnaire: {
      versionId: q.id,
      questionnaireId: q.questionnaireId,
      name: q.name,
      number: q.number,
      contentHash: q.contentHash,
    },
    scoreNode: row.scoreNode,
    minResponses: row.minResponses,
    targetMargin: row.targetMargin,
    capAtQuota: row.capAtQuota === 1,
    linkTtlDays: row.linkTtlDays,
    openUrl: surveyUrl(ctx, row.openToken),
    outlets: outlets.map((o) => ({
      siteId: o.siteId,
      code: o.code,
      name: o.name,
      quota: o.quota,
      population: o.population,
      posterUrl: surveyUrl(ctx, o.posterToken),
      responses: counts.get(o.siteId) ?? 0,
    })),
    launchedAt: row.launchedAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export async function getCampaign(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'surveys.read');
  return presentCampaign(ctx, ctx.db, await visibleCampaign(ctx.db, actor, id));
}

export async function listCampaigns(ctx: AppContext, actor: Actor, evaluationId: string) {
  requirePermission(actor, 'surveys.read');
  await visibleEvaluation(ctx.db, actor, evaluationId);
  const rows = await ctx.db
    .selectFrom('surveyCampaigns')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('evaluationId', '=', evaluationId)
    .orderBy('createdAt')
    .execute();
  const items = [];
  for (const r of rows) items.push(await presentCampaign(ctx, ctx.db, r));
  return { items };
}

type OutletInput = z.infer<typeof CampaignCreateBody>['outlets'][number];

/** The outlets in scope: sites of kind outlet of the evaluation, each once. */
function outletRowsFor(evaluation: EvaluationRow, campaignId: string, outlets: OutletInput[]) {
  const sites = new Map(sitesOf(evaluation).map((s) => [s.id, s]));
  const seen = new Set<string>();
  return outlets.map((o, i) => {
    const site = sites.get(o.siteId);
    if (!site || site.kind !== 'outlet')
      throw refused('unknown_outlet', `Site ${o.siteId} is not an outlet of this evaluation`, {
        path: `outlets[${i}].siteId`,
      });
    if (seen.has(o.siteId))
      throw refused('duplicate_outlet', `Outlet ${site.code} is listed twice`, {
        path: `outlets[${i}].siteId`,
      });
    seen.add(o.siteId);
    return {
      campaignId,
      siteId: o.siteId,
      code: site.code,
      name: site.name,
      quota: o.quota,
      population: o.population ?? null,
      posterToken: newToken('p'),
    };
  });
}

async function checkScoreNode(db: Executor, evaluation: EvaluationRow, node: string | null | undefined) {
  if (!node) return;
  const scheme = await pinnedScheme(db, evaluation);
  const e = schemeIndexOf(scheme.package).byCode.get(node);
  const kind = e?.isLeaf ? e.method?.kind : undefined;
  const techniques = e?.node.techniques ?? [];
  if (!(kind === 'metric' || (kind === 'sampled' && techniques.includes('customerSurvey'))))
    throw refused(
      'survey_score_node_invalid',
      `Item ${node} cannot take a survey result: it must be a metric item, or a sampled item allowing customer surveys`,
      { path: 'scoreNode' },
    );
}

export async function createCampaign(
  ctx: AppContext,
  actor: Actor,
  evaluationId: string,
  body: z.infer<typeof CampaignCreateBody>,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  const id = randomUUID();
  const now = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    const evaluation = await visibleEvaluation(trx, actor, evaluationId);
    if (evaluation.state === 'decided')
      throw refused('evaluation_decided', 'A decided evaluation takes no new survey campaign');
    const version = await trx
      .selectFrom('surveyQuestionnaireVersions')
      .select('id')
      .where('cbId', '=', actor.cbId)
      .where('id', '=', body.questionnaireVersionId)
      .executeTakeFirst();
    if (!version)
      throw refused('unknown_questionnaire_version', 'No such questionnaire version', {
        path: 'questionnaireVersionId',
      });
    const scoreNode = body.scoreNode === undefined ? '5.3.1' : body.scoreNode;
    await checkScoreNode(trx, evaluation, scoreNode);
    await trx
      .insertInto('surveyCampaigns')
      .values({
        id,
        cbId: actor.cbId,
        evaluationId,
        clientId: evaluation.clientId,
        questionnaireVersionId: body.questionnaireVersionId,
        name: body.name,
        state: 'draft',
        anonymity: body.anonymity,
        scoreNode,
        minResponses: body.minResponses ?? 30,
        targetMargin: body.targetMargin ?? 5,
        capAtQuota: body.capAtQuota ? 1 : 0,
        linkTtlDays: body.linkTtlDays ?? 14,
        openToken: newToken('o'),
        launchedAt: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .execute();
    await trx
      .insertInto('surveyCampaignOutlets')
      .values(outletRowsFor(evaluation, id, body.outlets))
      .execute();
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.campaign.create',
      entityType: 'surveyCampaign',
      entityId: id,
      after: { evaluationId, name: body.name, anonymity: body.anonymity, outlets: body.outlets.length },
    });
  });
  return getCampaign(ctx, actor, id);
}

async function saveCampaign(db: Executor, row: CampaignRow, set: Partial<CampaignRow>, now: string) {
  const r = await db
    .updateTable('surveyCampaigns')
    .set({ ...set, updatedAt: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw versionConflict('campaign');
}

/**
 * Edits a campaign. Quotas and populations may change while it runs; the anonymity mode only before
 * launch (`anonymity_fixed`), the outlets in scope only before launch.
 */
export async function updateCampaign(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof CampaignUpdateBody>,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  const now = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleCampaign(trx, actor, id);
    if (row.version !== body.version) throw versionConflict('campaign', row.version);
    if (row.state === 'closed') throw refused('campaign_closed', 'A closed campaign cannot change');
    if (body.anonymity && body.anonymity !== row.anonymity && row.state !== 'draft')
      throw refused('anonymity_fixed', 'The anonymity mode is fixed once the campaign is launched');
    const evaluation = await visibleEvaluation(trx, actor, row.evaluationId);
    if (body.scoreNode !== undefined) await checkScoreNode(trx, evaluation, body.scoreNode);
    if (body.outlets) {
      const existing = await trx
        .selectFrom('surveyCampaignOutlets')
        .selectAll()
        .where('campaignId', '=', id)
        .execute();
      const wanted = new Set(body.outlets.map((o) => o.siteId));
      if (
        row.state !== 'draft' &&
        (existing.some((e) => !wanted.has(e.siteId)) || wanted.size !== existing.length)
      )
        throw refused('outlets_fixed', 'Outlets cannot be added or removed after launch; quotas can change');
      const fresh = outletRowsFor(evaluation, id, body.outlets);
      const byId = new Map(existing.map((e) => [e.siteId, e]));
      for (const o of fresh) {
        const e = byId.get(o.siteId);
        if (e)
          await trx
            .updateTable('surveyCampaignOutlets')
            .set({ quota: o.quota, population: o.population })
            .where('campaignId', '=', id)
            .where('siteId', '=', o.siteId)
            .execute();
        else await trx.insertInto('surveyCampaignOutlets').values(o).execute();
      }
      const removed = existing.filter((e) => !wanted.has(e.siteId)).map((e) => e.siteId);
      if (removed.length)
        await trx
          .deleteFrom('surveyCampaignOutlets')
          .where('campaignId', '=', id)
          .where('siteId', 'in', removed)
          .execute();
    }
    await saveCampaign(
      trx,
      row,
      {
        ...(body.name ? { name: body.name } : {}),
        ...(body.anonymity ? { anonymity: body.anonymity } : {}),
        ...(body.scoreNode !== undefined ? { scoreNode: body.scoreNode } : {}),
        ...(body.minResponses ? { minResponses: body.minResponses } : {}),
        ...(body.targetMargin ? { targetMargin: body.targetMargin } : {}),
        ...(body.capAtQuota !== undefined ? { capAtQuota: body.capAtQuota ? 1 : 0 } : {}),
        ...(body.linkTtlDays ? { linkTtlDays: body.linkTtlDays } : {}),
      },
      now,
    );
    const { version: _v, ...changes } = body;
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.campaign.update',
      entityType: 'surveyCampaign',
      entityId: id,
      after: { ...changes, outlets: body.outlets?.length },
    });
  });
  return getCampaign(ctx, actor, id);
}

export async function transitionCampaign(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  to: 'live' | 'closed',
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  const now = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleCampaign(trx, actor, id);
    if (row.version !== version) throw versionConflict('campaign', row.version);
    const from = to === 'live' ? 'draft' : 'live';
    if (row.state !== from)
      throw refused(
        'campaign_state',
        `Only a ${from} campaign can be ${to === 'live' ? 'launched' : 'closed'}`,
        {
          state: row.state,
        },
      );
    await saveCampaign(
      trx,
      row,
      to === 'live' ? { state: 'live', launchedAt: now } : { state: 'closed', closedAt: now },
      now,
    );
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: to === 'live' ? 'survey.campaign.launch' : 'survey.campaign.close',
      entityType: 'surveyCampaign',
      entityId: id,
      before: { state: row.state },
      after: { state: to, anonymity: row.anonymity },
    });
  });
  return getCampaign(ctx, actor, id);
}

// ── metrics ─────────────────────────────────────────────────────────────────────────────────────────

/** Running sums per outlet, aggregated by the database (one pass, whatever the number of responses). */
export async function sumsByOutlet(
  db: Executor,
  campaignId: string,
): Promise<Map<string, SurveySums & { satisfied: number }>> {
  const rows = await db
    .selectFrom('surveyResponses')
    .select([
      'siteId',
      sql<number | string>`count(*)`.as('responses'),
      sql<number | string>`count(csi)`.as('csiN'),
      sql<number | string | null>`sum(csi)`.as('csiSum'),
      sql<number | string | null>`sum(csi * csi)`.as('csiSumSq'),
      sql<number | string>`count(nps)`.as('npsN'),
      sql<number | string>`sum(case when nps >= 9 then 1 else 0 end)`.as('promoters'),
      sql<number | string>`sum(case when nps <= 6 then 1 else 0 end)`.as('detractors'),
      sql<number | string>`sum(case when csi >= ${SATISFIED_AT} then 1 else 0 end)`.as('satisfied'),
    ])
    .where('campaignId', '=', campaignId)
    .groupBy('siteId')
    .execute();
  return new Map(
    rows.map((r) => [
      r.siteId,
      {
        responses: Number(r.responses),
        csiN: Number(r.csiN),
        csiSum: Number(r.csiSum ?? 0),
        csiSumSq: Number(r.csiSumSq ?? 0),
        npsN: Number(r.npsN),
        promoters: Number(r.promoters ?? 0),
        detractors: Number(r.detractors ?? 0),
        satisfied: Number(r.satisfied ?? 0),
      },
    ]),
  );
}

export interface CampaignMetrics {
  overall: SurveyMetrics & { satisfied: number };
  outlets: (SurveyMetrics & { siteId: string; code: string; name: string; satisfied: number })[];
}

export async function campaignMetrics(db: Executor, row: CampaignRow): Promise<CampaignMetrics> {
  const outlets = await db
    .selectFrom('surveyCampaignOutlets')
    .selectAll()
    .where('campaignId', '=', row.id)
    .orderBy('code')
    .execute();
  const sums = await sumsByOutlet(db, row.id);
  const opts = { minResponses: row.minResponses, targetMargin: row.targetMargin };
  let total: SurveySums = EMPTY_SUMS;
  let satisfied = 0;
  const per = outlets.map((o) => {
    const s = sums.get(o.siteId) ?? { ...EMPTY_SUMS, satisfied: 0 };
    total = {
      responses: total.responses + s.responses,
      csiN: total.csiN + s.csiN,
      csiSum: total.csiSum + s.csiSum,
      csiSumSq: total.csiSumSq + s.csiSumSq,
      npsN: total.npsN + s.npsN,
      promoters: total.promoters + s.promoters,
      detractors: total.detractors + s.detractors,
    };
    satisfied += s.satisfied;
    return {
      siteId: o.siteId,
      code: o.code,
      name: o.name,
      satisfied: s.satisfied,
      ...metricsOf(s, { ...opts, quota: o.quota, population: o.population }),
    };
  });
  const quota = outlets.reduce((a, o) => a + o.quota, 0);
  const population = outlets.every((o) => o.population !== null)
    ? outlets.reduce((a, o) => a + (o.population ?? 0), 0)
    : null;
  return {
    overall: { ...metricsOf(total, { ...opts, quota: quota || null, population }), satisfied },
    outlets: per,
  };
}

/** What a campaign gives the scoring engine: the CSI with its margin and the responses behind it. */
function scoreInputOf(row: CampaignRow, m: CampaignMetrics) {
  if (!row.scoreNode || m.overall.csi === null) return null;
  return {
    node: row.scoreNode,
    value: Math.round(m.overall.csi * 10) / 10,
    marginOfError: m.overall.csiMargin === null ? null : Math.round(m.overall.csiMargin * 10) / 10,
    responses: m.overall.responses,
    satisfied: m.overall.satisfied,
    ref: `survey “${row.name}” (${row.id.slice(0, 8)})`,
  };
}

export async function getMetrics(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<z.infer<typeof MetricsResponse>> {
  requirePermission(actor, 'surveys.read');
  const row = await visibleCampaign(ctx.db, actor, id);
  const m = await campaignMetrics(ctx.db, row);
  const input = scoreInputOf(row, m);
  let score: z.infer<typeof MetricsResponse>['score'] = null;
  if (input) {
    const evaluation = await visibleEvaluation(ctx.db, actor, row.evaluationId);
    const scheme = await pinnedScheme(ctx.db, evaluation);
    const kind = schemeIndexOf(scheme.package).byCode.get(input.node)?.method?.kind ?? 'unknown';
    score = {
      node: input.node,
      method: kind,
      value: input.value,
      marginOfError: input.marginOfError,
      responses: input.responses,
      ...(kind === 'sampled' ? { checked: input.responses, conforming: input.satisfied } : {}),
    };
  }
  const strip = <T extends { satisfied: number }>({ satisfied: _s, ...rest }: T) => rest;
  return {
    campaignId: row.id,
    state: row.state,
    overall: strip(m.overall),
    outlets: m.outlets.map(strip),
    score,
  };
}

/**
 * The hook the evaluation's live score calls (evaluation-execution.service.ts): the campaigns of the
 * evaluation that were launched and have responses give their item its value (metric) or one
 * `customerSurvey` sample record (sampled), named in the trace with margin of error and responses.
 */
export async function surveyScoreInputs(
  db: Executor,
  evaluation: EvaluationRow,
  _scheme?: PublishedSchemeVersion,
): Promise<{ metricValues?: NonNullable<ReturnType<typeof scoreInputOf>>[] }> {
  const rows = await db
    .selectFrom('surveyCampaigns')
    .selectAll()
    .where('cbId', '=', evaluation.cbId)
    .where('evaluationId', '=', evaluation.id)
    .where('state', 'in', ['live', 'closed'])
    .where('scoreNode', 'is not', null)
    .orderBy('createdAt')
    .execute();
  const metricValues = [];
  for (const row of rows) {
    const input = scoreInputOf(row, await campaignMetrics(db, row));
    if (input) metricValues.push(input);
  }
  return metricValues.length ? { metricValues } : {};
}

export const campaignClosedError = () => new AppError(410, 'survey_closed', 'This survey is closed.');

// ── phone interviews and posters ────────────────────────────────────────────────────────────────────

/** An interviewer enters the answers a customer gave on the phone (channel `phone`). */
export async function enterPhoneResponse(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { siteId: string; answers: Record<string, unknown> },
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.interview');
  const { storeResponse } = await import('./survey-intake.ts');
  const instant = toInstant(ctx.clock());
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleCampaign(trx, actor, id);
    const q = await questionnaireOfCampaign(trx, row);
    const stored = await storeResponse(
      trx,
      row,
      q.parsed,
      { siteId: body.siteId, channel: 'phone', interviewerId: actor.userId, raw: body.answers },
      instant,
    );
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.response.phone',
      entityType: 'surveyCampaign',
      entityId: id,
      // Anonymous campaigns: the audit trail does not name the response either.
      after: { siteId: body.siteId, ...(row.anonymity === 'identified' ? { responseId: stored.id } : {}) },
    });
    return { id: stored.id, csi: stored.csi, nps: stored.nps };
  });
}

/**
 * The live campaigns of the actor's body with their pinned questionnaire and the responses per outlet:
 * what an interviewer (`surveys.interview`, who may lack `surveys.read`) needs for the phone-survey screen.
 */
export async function listInterviews(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'surveys.interview');
  if (actor.organisationKind === 'client') return { items: [] };
  const rows = await ctx.db
    .selectFrom('surveyCampaigns as c')
    .innerJoin('evaluations as e', 'e.id', 'c.evaluationId')
    .innerJoin('organisations as o', 'o.id', 'e.clientId')
    .selectAll('c')
    .select('o.name as clientName')
    .where('c.cbId', '=', actor.cbId)
    .where('c.state', '=', 'live')
    .orderBy('c.createdAt')
    .execute();
  const items = [];
  for (const { clientName, ...row } of rows) {
    const q = await questionnaireOfCampaign(ctx.db, row);
    const counts = await responseCounts(ctx.db, row.id);
    const outlets = await ctx.db
      .selectFrom('surveyCampaignOutlets')
      .select(['siteId', 'code', 'name', 'quota'])
      .where('campaignId', '=', row.id)
      .orderBy('code')
      .execute();
    items.push({
      id: row.id,
      evaluationId: row.evaluationId,
      clientName,
      name: row.name,
      anonymity: row.anonymity,
      capAtQuota: row.capAtQuota === 1,
      questionnaire: { versionId: q.id, name: q.name, number: q.number, content: q.parsed },
      outlets: outlets.map((o) => ({ ...o, responses: counts.get(o.siteId) ?? 0 })),
    });
  }
  return { items };
}

export async function posterOf(ctx: AppContext, actor: Actor, id: string, siteId: string) {
  requirePermission(actor, 'surveys.read');
  const row = await visibleCampaign(ctx.db, actor, id);
  const outlet = await ctx.db
    .selectFrom('surveyCampaignOutlets')
    .selectAll()
    .where('campaignId', '=', id)
    .where('siteId', '=', siteId)
    .executeTakeFirst();
  if (!outlet) throw notFound('Outlet');
  const cb = await ctx.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', actor.cbId)
    .executeTakeFirstOrThrow();
  const { renderPosterPdf } = await import('./survey-poster.ts');
  const pdf = await renderPosterPdf({
    title: row.name,
    outlet: `${outlet.name}（${outlet.code}）`,
    url: surveyUrl(ctx, outlet.posterToken),
    cbName: cb.name,
  });
  return { pdf, fileName: `survey-poster-${outlet.code}.pdf` };
}

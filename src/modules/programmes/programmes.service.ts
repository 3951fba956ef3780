import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type { EvaluationRow, ProgrammeRow } from '../../db/schema.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import {
  applicationsRepository,
  contractReviewsRepository,
  evaluationsRepository,
  programmesRepository,
} from '../../db/repositories/workflow.repository.ts';
import { drawOutletSample } from '../../domain/sampling/index.ts';
import type { EvidenceTechnique } from '../../domain/schemes/package-schema.ts';
import type { AppContext } from '../../http/context.ts';
import { notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import {
  engineStageOf,
  finalSample,
  headquartersSite,
  insertEvaluation,
  outletSite,
  outletsByIds,
  sitesOf,
  teamOf,
} from '../evaluations/evaluation-records.ts';
import { auditCtx, cbToday, parseJson, refused, schemeFor } from '../evaluations/workflow-support.ts';
import type {
  ProgrammeEvaluationBody,
  ProgrammeListQuery,
  ProgrammeListResponse,
  ProgrammeResponse,
} from './programmes.contract.ts';

interface EventRecord {
  stage: string;
  dueBy: string | null;
  why: { zh: string; en: string } | null;
  evaluationId: string | null;
}

async function visibleProgramme(db: Executor, actor: Actor, id: string): Promise<ProgrammeRow> {
  const row = await programmesRepository.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!row || (scope && row.clientId !== scope)) throw notFound('Programme');
  return row;
}

async function present(
  ctx: AppContext,
  db: Executor,
  actor: Actor,
  p: ProgrammeRow,
): Promise<ProgrammeResponse> {
  const client = await organisationsRepository.get(db, p.cbId, p.clientId);
  const evaluations = new Map(
    (await evaluationsRepository.byProgramme(db, p.cbId, p.id)).map((e) => [e.id, e] as const),
  );
  const today = await cbToday(ctx, db, p.cbId);
  const isClient = !!organisationScope(actor);
  const summary = (e: EvaluationRow | undefined) => {
    // A client sees an evaluation once its plan was sent.
    if (!e || (isClient && !e.planSentAt)) return null;
    return {
      id: e.id,
      stage: e.stage,
      state: e.state,
      plannedStart: e.plannedStart,
      plannedEnd: e.plannedEnd,
      planSentAt: e.planSentAt,
      team: teamOf(e).map((m) => ({ name: m.name, role: m.role })),
      sites: sitesOf(e).map((s) => ({
        code: s.code,
        name: s.name,
        address: s.address,
        reason: s.reason,
        why: s.why,
      })),
    };
  };
  const events = parseJson<EventRecord[]>(p.events, []);
  return {
    id: p.id,
    applicationId: p.applicationId,
    client: { id: p.clientId, name: client?.name ?? '' },
    scheme: { urn: p.schemeUrn, version: p.schemeVersion },
    state: p.state,
    decisionDate: p.decisionDate,
    expiryDate: p.expiryDate,
    certificateId: p.certificateId,
    events: events.map((e) => {
      const evaluation = e.evaluationId ? evaluations.get(e.evaluationId) : undefined;
      const done = evaluation?.state === 'decided';
      return {
        stage: e.stage,
        dueBy: e.dueBy,
        overdue: !!e.dueBy && !done && e.dueBy < today,
        why: e.why,
        evaluation: summary(evaluation),
      };
    }),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

export async function listProgrammes(
  ctx: AppContext,
  actor: Actor,
  q: ProgrammeListQuery,
): Promise<ProgrammeListResponse> {
  requirePermission(actor, 'programmes.read');
  const scope = organisationScope(actor);
  if (scope && q.clientId && q.clientId !== scope)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await programmesRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId: scope ?? q.clientId,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const out: ProgrammeResponse[] = [];
  for (const p of items) out.push(await present(ctx, ctx.db, actor, p));
  return { items: out, total, page: q.page, pageSize: q.pageSize };
}

export async function getProgramme(ctx: AppContext, actor: Actor, id: string): Promise<ProgrammeResponse> {
  requirePermission(actor, 'programmes.read');
  return present(ctx, ctx.db, actor, await visibleProgramme(ctx.db, actor, id));
}

/**
 * Plans the next evaluation of the cycle (a due surveillance or the recertification) or a special
 * short-notice evaluation: a new outlet sample for its stage, on the programme's pinned scheme version.
 */
export async function createProgrammeEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ProgrammeEvaluationBody,
  requestId: string,
): Promise<{ programme: ProgrammeResponse; evaluationId: string }> {
  requirePermission(actor, 'evaluations.plan');
  const evaluationId = await ctx.db.transaction().execute(async (trx) => {
    const p = await visibleProgramme(trx, actor, id);
    if (p.version !== body.version) throw versionConflict('programme', p.version);
    if (p.state !== 'active')
      throw refused('programme_closed', 'The programme is closed.', { path: 'state' });
    const events = parseJson<EventRecord[]>(p.events, []);
    const open = (await evaluationsRepository.byProgramme(trx, p.cbId, p.id)).find(
      (e) => e.state !== 'decided',
    );
    if (body.stage !== 'special') {
      if (!p.decisionDate) {
        throw refused(
          'not_certified',
          'The cycle starts with the certification decision; nothing is due yet.',
          {
            path: 'stage',
          },
        );
      }
      const event = events.find((e) => e.stage === body.stage && !e.evaluationId);
      if (!event) {
        throw refused('stage_not_due', `No open ${body.stage} event in the programme.`, { path: 'stage' });
      }
      if (open) {
        throw refused('evaluation_open', 'Finish the open evaluation first.', {
          path: 'stage',
          evaluationId: open.id,
        });
      }
    } else if (!body.reason) {
      throw refused('reason_required', 'Say why the special evaluation is needed.', { path: 'reason' });
    }
    const scheme = await schemeFor(trx, p.cbId, p.schemeUrn, p.schemeVersion);
    const app = (await applicationsRepository.get(trx, p.cbId, p.applicationId))!;
    const review = await contractReviewsRepository.byApplication(trx, p.cbId, p.applicationId);
    const outlets = (await outletsByIds(trx, p.cbId, parseJson<string[]>(app.outletIds, []))).filter(
      (o) => o.status === 'active',
    );
    const seed = randomUUID().slice(0, 8);
    const sample = drawOutletSample(scheme.package.policies.sampling, {
      stage: engineStageOf(body.stage),
      seed,
      outlets: outlets.map((o) => ({
        id: o.id,
        region: o.provinceCode ?? 'unknown',
        ownership: o.ownership,
      })),
    });
    const byId = new Map(outlets.map((o) => [o.id, o]));
    const client = await organisationsRepository.get(trx, p.cbId, p.clientId);
    const registry = await clientsRepository.get(trx, p.cbId, p.clientId);
    const sites = [
      headquartersSite({
        name: registry?.legalNameZh ?? client?.name ?? '',
        address: registry?.operatingAddress ?? registry?.registeredAddress ?? null,
      }),
      ...finalSample(sample, []).map((s) => outletSite(byId.get(s.outletId)!, s.reason, s.why)),
    ];
    const now = ctx.clock();
    const evaluation = await insertEvaluation(trx, {
      cbId: p.cbId,
      programmeId: p.id,
      clientId: p.clientId,
      stage: body.stage,
      reason: body.reason ?? null,
      scheme: { urn: p.schemeUrn, version: p.schemeVersion, contentHash: scheme.contentHash },
      sites,
      sample,
      techniques: parseJson<Record<string, EvidenceTechnique[]>>(review?.techniques ?? null, {}),
      now,
    });
    const next =
      body.stage === 'special'
        ? [
            ...events,
            {
              stage: 'special',
              dueBy: null,
              why: { zh: `特殊评价：${body.reason}`, en: `Special evaluation: ${body.reason}` },
              evaluationId: evaluation.id,
            },
          ]
        : events.map((e) =>
            e.stage === body.stage && !e.evaluationId ? { ...e, evaluationId: evaluation.id } : e,
          );
    if (
      !(await programmesRepository.update(trx, p.cbId, p.id, body.version, {
        events: JSON.stringify(next),
        updatedAt: toInstant(now),
      }))
    ) {
      throw versionConflict('programme');
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.create',
      entityType: 'evaluation',
      entityId: evaluation.id,
      after: {
        programmeId: p.id,
        stage: body.stage,
        reason: body.reason ?? null,
        sites: sites.map((s) => ({ code: s.code, reason: s.reason })),
        seed,
      },
    });
    return evaluation.id;
  });
  return { programme: await getProgramme(ctx, actor, id), evaluationId };
}

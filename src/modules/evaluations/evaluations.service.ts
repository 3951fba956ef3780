import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type {
  CbPersonnelRow,
  ChecklistEntriesTable,
  EvaluationRow,
  EvaluationsTable,
} from '../../db/schema.ts';
import { cbPersonnelRepository } from '../../db/repositories/cb-personnel.repository.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import {
  checklistRepository,
  decisionsRepository,
  evaluationsRepository,
  findingsRepository,
  reviewsRepository,
} from '../../db/repositories/workflow.repository.ts';
import { hasPermission } from '../../domain/access/roles.ts';
import { findIndustry } from '../../domain/registry/industries-gbt4754.ts';
import type { PublishedSchemeVersion } from '../../domain/schemes/index.ts';
import {
  checkAssignment,
  checkCompleteDocumentReview,
  checklistFor,
  EVALUATION_MACHINE,
  isFindingOverdue,
  phaseOf,
  type AssignmentBlock,
  type Candidate,
  type TeamRole,
} from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import {
  bonusesOf,
  exclusionsOf,
  HQ_SITE,
  outletSite,
  outletsByIds,
  sitesOf,
  teamOf,
  techniquesOf,
  type EvaluationSite,
  type TeamMember,
} from './evaluation-records.ts';
import type {
  CandidatesResponse,
  EvaluationListQuery,
  EvaluationListResponse,
  EvaluationResponse,
  PlanBody,
  TeamBody,
} from './evaluations.contract.ts';
import {
  auditCtx,
  cbToday,
  domainRefusal,
  identityOf,
  parseJson,
  personnelOfActor,
  refused,
  schemeFor,
  transition,
  workflowPolicyFor,
} from './workflow-support.ts';
import type { z } from 'zod';
import type { CandidatesQuery } from './evaluations.contract.ts';

// ── loading ─────────────────────────────────────────────────────────────────────────────────────────

/** An evaluation of the actor's body; a client's users never reach evaluations directly (404). */
export async function visibleEvaluation(db: Executor, actor: Actor, id: string): Promise<EvaluationRow> {
  const row = await evaluationsRepository.get(db, actor.cbId, id);
  if (!row || organisationScope(actor)) throw notFound('Evaluation');
  return row;
}

/** The pinned scheme version, checked against the content hash the evaluation was planned on. */
export async function pinnedScheme(db: Executor, row: EvaluationRow): Promise<PublishedSchemeVersion> {
  const scheme = await schemeFor(db, row.cbId, row.schemeUrn, row.schemeVersion);
  if (scheme.contentHash !== row.schemeContentHash) {
    throw new AppError(
      409,
      'scheme_changed',
      'The pinned scheme version no longer has the content it was planned on.',
      {
        expected: row.schemeContentHash,
        found: scheme.contentHash,
      },
    );
  }
  return scheme;
}

export const expectVersion = (row: { version: number }, version: number, what = 'evaluation') => {
  if (row.version !== version) throw versionConflict(what, row.version);
};

/** Saves an evaluation change optimistically, or answers 409. */
export async function saveEvaluation(
  db: Executor,
  row: EvaluationRow,
  changes: Partial<EvaluationsTable>,
): Promise<void> {
  if (!(await evaluationsRepository.update(db, row.cbId, row.id, row.version, changes))) {
    throw versionConflict('evaluation', (await evaluationsRepository.get(db, row.cbId, row.id))?.version);
  }
}

export const onTeam = (row: EvaluationRow, personnelId: string | undefined) =>
  !!personnelId && teamOf(row).some((m) => m.personnelId === personnelId);

/** Team members conduct the evaluation; anyone else is refused with `not_on_team`. */
export async function requireTeamMember(
  db: Executor,
  actor: Actor,
  row: EvaluationRow,
): Promise<CbPersonnelRow> {
  const me = await personnelOfActor(db, actor);
  if (!me || !onTeam(row, me.id)) {
    throw domainRefusal('not_on_team', 'Only members of the evaluation team may do this.', 'team');
  }
  return me;
}

export function requireState(row: EvaluationRow, states: EvaluationRow['state'][], action: string) {
  if (!states.includes(row.state)) {
    throw refused('evaluation_state', `An evaluation in state "${row.state}" does not allow ${action}.`, {
      path: 'state',
      state: row.state,
      allowed: states,
    });
  }
}

// ── presenting ──────────────────────────────────────────────────────────────────────────────────────

async function actionsFor(db: Executor, actor: Actor, row: EvaluationRow): Promise<string[]> {
  const me = await personnelOfActor(db, actor);
  const mine = onTeam(row, me?.id);
  const lead = !!me && row.leadId === me.id;
  const can = (p: Parameters<typeof hasPermission>[1]) => hasPermission(actor.roles, p);
  const out: string[] = [];
  if (row.state === 'planned' && can('evaluations.plan')) out.push('plan');
  if (row.state === 'planned' && can('evaluations.plan') && row.leadId && row.plannedStart)
    out.push('sendPlan');
  if (row.state === 'planned' && can('evaluations.conduct') && lead && row.planSentAt) out.push('start');
  if (row.state === 'inProgress' && can('evaluations.conduct') && mine) out.push('conduct');
  if (row.state === 'inProgress' && can('evaluations.conduct') && lead && !row.documentReviewCompletedAt)
    out.push('completeDocumentReview');
  if (row.state === 'inProgress' && can('findings.manage') && mine) out.push('raiseFinding');
  if (row.state === 'inProgress' && can('evaluations.conduct') && lead) out.push('submit');
  if (row.state === 'submitted' && can('reviews.perform') && !mine) out.push('review');
  if (row.state === 'reviewed' && can('decisions.make') && !mine) {
    const reviews = await reviewsRepository.ofEvaluation(db, row.cbId, row.id);
    const last = reviews.filter((r) => r.outcome === 'approved').at(-1);
    if (!last || (last.reviewerPersonnelId ?? `user:${last.reviewerUserId}`) !== identityOf(me, actor))
      out.push('decide');
  }
  return out;
}

export async function presentEvaluation(
  ctx: AppContext,
  db: Executor,
  actor: Actor,
  row: EvaluationRow,
): Promise<EvaluationResponse> {
  const client = await organisationsRepository.get(db, row.cbId, row.clientId);
  const entries = await db
    .selectFrom('checklistEntries')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('result').as('answered')])
    .where('cbId', '=', row.cbId)
    .where('evaluationId', '=', row.id)
    .executeTakeFirstOrThrow();
  const findings = await findingsRepository.ofEvaluation(db, row.cbId, row.id);
  const today = await cbToday(ctx, db, row.cbId);
  const reviews = await reviewsRepository.ofEvaluation(db, row.cbId, row.id);
  const decisions = await decisionsRepository.ofEvaluation(db, row.cbId, row.id);
  return {
    id: row.id,
    programmeId: row.programmeId,
    client: { id: row.clientId, name: client?.name ?? '' },
    stage: row.stage,
    engineStage: row.engineStage,
    reason: row.reason,
    state: row.state,
    scheme: { urn: row.schemeUrn, version: row.schemeVersion, contentHash: row.schemeContentHash },
    team: teamOf(row).map((m) => ({ personnelId: m.personnelId, role: m.role, name: m.name })),
    plannedStart: row.plannedStart,
    plannedEnd: row.plannedEnd,
    sites: sitesOf(row),
    exclusions: exclusionsOf(row),
    bonuses: bonusesOf(row),
    planSentAt: row.planSentAt,
    startedAt: row.startedAt,
    phase: phaseOf(row),
    documentReviewCompletedAt: row.documentReviewCompletedAt,
    documentReviewCompletedBy: row.documentReviewCompletedBy,
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
    decidedAt: row.decidedAt,
    certificateId: row.certificateId,
    progress: { answered: Number(entries.answered), total: Number(entries.total) },
    findings: {
      total: findings.length,
      unresolved: findings.filter((f) => f.severity !== 'observation' && f.state !== 'accepted').length,
      overdue: findings.filter((f) => isFindingOverdue(f, today)).length,
    },
    reviews: reviews.map((r) => ({
      id: r.id,
      reviewer: r.reviewerName,
      outcome: r.outcome,
      comments: r.comments,
      createdAt: r.createdAt,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      decision: d.decision,
      decidedBy: d.decidedByName,
      decisionDate: d.decisionDate,
      scoreText: d.scoreText,
      level: d.levelId
        ? {
            id: d.levelId,
            title: { zh: d.levelTitleZh ?? '', en: d.levelTitleEn ?? d.levelTitleZh ?? '' },
            stars: d.levelStars ?? 0,
          }
        : null,
      reasons: d.reasons,
    })),
    actions: await actionsFor(db, actor, row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export async function listEvaluations(
  ctx: AppContext,
  actor: Actor,
  q: EvaluationListQuery,
): Promise<EvaluationListResponse> {
  requirePermission(actor, 'evaluations.read');
  const me = q.mine === 'true' ? await personnelOfActor(ctx.db, actor) : undefined;
  if (q.mine === 'true' && !me) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await evaluationsRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId: q.clientId,
    state: q.state,
    personnelId: me?.id,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const out: EvaluationResponse[] = [];
  for (const row of items) out.push(await presentEvaluation(ctx, ctx.db, actor, row));
  return { items: out, total, page: q.page, pageSize: q.pageSize };
}

export async function getEvaluation(ctx: AppContext, actor: Actor, id: string): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.read');
  return presentEvaluation(ctx, ctx.db, actor, await visibleEvaluation(ctx.db, actor, id));
}

// ── team ────────────────────────────────────────────────────────────────────────────────────────────

/** GB/T 4754 code as section letter + division ("F51"), so that a section covers its divisions by prefix. */
function industryKey(code: string | null | undefined): string | null {
  if (!code) return null;
  const hit = findIndustry(code);
  return hit ? `${hit.sectionCode}${hit.divisionCode ?? ''}` : code.toUpperCase();
}

const RELATIONSHIP_ZH: Record<string, string> = { consulting: '咨询', employment: '雇佣', other: '利益' };

/** A schema qualification fits when it names the scheme by URN or by a part of it (e.g. gbt27922). */
const fitsScheme = (qualification: string, urn: string) =>
  qualification === urn || urn.toLowerCase().split(':').includes(qualification.toLowerCase());

async function candidatesOf(db: Executor, cbId: string, people: CbPersonnelRow[], urn: string, date: string) {
  const ids = people.map((p) => p.id);
  const quals = await cbPersonnelRepository.qualificationsOf(db, cbId, ids);
  const decls = await cbPersonnelRepository.declarationsOf(db, cbId, ids);
  return people.map((p): Candidate => ({
    personId: p.id,
    name: p.name,
    qualifications: quals
      .filter((q) => q.personnelId === p.id && (!q.validFrom || q.validFrom <= date))
      .map((q) => ({
        scheme: fitsScheme(q.scheme, urn) ? urn : q.scheme,
        role: q.role,
        validUntil: q.validUntil ?? '9999-12-31',
      })),
    industryCodes: parseJson<string[]>(p.competenceCodes, []).flatMap((c) => industryKey(c) ?? []),
    declarations: decls
      .filter((d) => d.personnelId === p.id && d.clientId)
      .map((d) => ({
        clientId: d.clientId!,
        kind: RELATIONSHIP_ZH[d.relationship] ?? d.relationship,
        from: d.startedOn,
        to: d.endedOn,
      })),
  }));
}

/** The leads of the client's earlier, decided cycles (initial and recertification evaluations), oldest first. */
async function previousLeads(db: Executor, row: EvaluationRow): Promise<string[]> {
  const rows = await db
    .selectFrom('evaluations')
    .select('leadId')
    .where('cbId', '=', row.cbId)
    .where('clientId', '=', row.clientId)
    .where('id', '!=', row.id)
    .where('stage', 'in', ['initial', 'recertification'])
    .where('state', '=', 'decided')
    .where('leadId', 'is not', null)
    .where('createdAt', '<=', row.createdAt)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.leadId!);
}

async function assignmentContext(ctx: AppContext, db: Executor, row: EvaluationRow) {
  const registry = await clientsRepository.get(db, row.cbId, row.clientId);
  const scheme = await pinnedScheme(db, row);
  return {
    assignment: {
      scheme: row.schemeUrn,
      clientId: row.clientId,
      industryCode: industryKey(registry?.industryCode),
      date: row.plannedStart ?? (await cbToday(ctx, db, row.cbId)),
      previousLeads: await previousLeads(db, row),
    },
    policy: workflowPolicyFor(scheme.package).team,
  };
}

/** Every active person of the body, assessed for a role on this evaluation: allowed, or exactly why not. */
export async function listCandidates(
  ctx: AppContext,
  actor: Actor,
  id: string,
  q: z.infer<typeof CandidatesQuery>,
): Promise<z.infer<typeof CandidatesResponse>> {
  requirePermission(actor, 'evaluations.plan');
  const row = await visibleEvaluation(ctx.db, actor, id);
  const people = await ctx.db
    .selectFrom('cbPersonnel')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .limit(1000)
    .execute();
  const { assignment, policy } = await assignmentContext(ctx, ctx.db, row);
  const candidates = await candidatesOf(ctx.db, actor.cbId, people, row.schemeUrn, assignment.date);
  return {
    role: q.role,
    date: assignment.date,
    items: candidates.map((c) => {
      const r = checkAssignment(c, q.role, assignment, policy);
      return {
        personnelId: c.personId,
        name: c.name,
        allowed: r.allowed,
        blocks: r.blocks.map((b) => ({ personnelId: c.personId, name: c.name, role: q.role, ...b })),
      };
    }),
  };
}

/**
 * Sets the team. Each member is checked: a valid qualification for the scheme and role, competence in the
 * client's industry, no impartiality conflict, and rotation of the lead. A blocked assignment is refused
 * with every reason (`assignment_blocked`, details.blocks).
 */
export async function setTeam(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: TeamBody,
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.plan');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    requireState(row, ['planned'], 'changing the team');
    const wanted: { personnelId: string; role: TeamRole; path: string }[] = [
      { personnelId: body.leadId, role: 'lead', path: 'leadId' },
      ...body.evaluatorIds.map((p, i) => ({
        personnelId: p,
        role: 'evaluator' as const,
        path: `evaluatorIds[${i}]`,
      })),
      ...body.expertIds.map((p, i) => ({ personnelId: p, role: 'expert' as const, path: `expertIds[${i}]` })),
    ];
    const seen = new Set<string>();
    for (const w of wanted) {
      if (seen.has(w.personnelId)) {
        throw refused('duplicate_member', 'A person can hold only one place on the team.', { path: w.path });
      }
      seen.add(w.personnelId);
    }
    const people = new Map<string, CbPersonnelRow>();
    for (const w of wanted) {
      const p = await cbPersonnelRepository.get(trx, actor.cbId, w.personnelId);
      if (!p || p.status !== 'active') {
        throw refused('unknown_personnel', `No active person ${w.personnelId} in this body's personnel.`, {
          path: w.path,
        });
      }
      people.set(p.id, p);
    }
    const { assignment, policy } = await assignmentContext(ctx, trx, row);
    const candidates = new Map(
      (await candidatesOf(trx, actor.cbId, [...people.values()], row.schemeUrn, assignment.date)).map((c) => [
        c.personId,
        c,
      ]),
    );
    const blocks: (AssignmentBlock & { personnelId: string; name: string; role: TeamRole; path: string })[] =
      [];
    for (const w of wanted) {
      const c = candidates.get(w.personnelId)!;
      for (const b of checkAssignment(c, w.role, assignment, policy).blocks) {
        blocks.push({ ...b, personnelId: c.personId, name: c.name, role: w.role, path: w.path });
      }
    }
    if (blocks.length) {
      throw refused(
        'assignment_blocked',
        `The team cannot be assigned: ${blocks.map((b) => b.reason.en).join('; ')}.`,
        {
          path: blocks[0]!.path,
          blocks,
        },
      );
    }
    const team: TeamMember[] = wanted.map((w) => ({
      personnelId: w.personnelId,
      role: w.role,
      name: people.get(w.personnelId)!.name,
      userId: people.get(w.personnelId)!.userId,
    }));
    await saveEvaluation(trx, row, {
      team: JSON.stringify(team),
      leadId: body.leadId,
      updatedAt: toInstant(ctx.clock()),
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.team',
      entityType: 'evaluation',
      entityId: row.id,
      before: { team: teamOf(row).map((m) => ({ name: m.name, role: m.role })) },
      after: {
        team: team.map((m) => ({ name: m.name, role: m.role })),
        checks: ['qualification', 'industryCompetence', 'impartiality', 'rotation'],
        date: assignment.date,
      },
    });
  });
  return getEvaluation(ctx, actor, id);
}

// ── dates, sites, plan ──────────────────────────────────────────────────────────────────────────────

export async function updatePlan(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: PlanBody,
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.plan');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    requireState(row, ['planned'], 'changing the plan');
    const changes: Partial<EvaluationsTable> = { updatedAt: toInstant(ctx.clock()) };
    if (body.plannedStart !== undefined) changes.plannedStart = body.plannedStart;
    if (body.plannedEnd !== undefined) changes.plannedEnd = body.plannedEnd;
    const start = changes.plannedStart !== undefined ? changes.plannedStart : row.plannedStart;
    const end = changes.plannedEnd !== undefined ? changes.plannedEnd : row.plannedEnd;
    if (start && end && end < start) {
      throw refused('dates_reversed', 'The evaluation cannot end before it starts.', { path: 'plannedEnd' });
    }
    const before = sitesOf(row);
    if (body.outlets) {
      const existing = new Map(before.filter((s) => s.outletId).map((s) => [s.outletId!, s]));
      const rows = new Map(
        (
          await outletsByIds(
            trx,
            actor.cbId,
            body.outlets.map((o) => o.outletId),
          )
        ).map((o) => [o.id, o]),
      );
      const sites: EvaluationSite[] = [before.find((s) => s.id === HQ_SITE)!];
      body.outlets.forEach((o, i) => {
        const kept = existing.get(o.outletId);
        if (kept) return void sites.push(kept);
        const outlet = rows.get(o.outletId);
        if (!outlet || outlet.clientId !== row.clientId) {
          throw refused('unknown_outlet', `Outlet ${o.outletId} is not an outlet of this client.`, {
            path: `outlets[${i}].outletId`,
          });
        }
        if (!o.why) {
          throw refused('justification_required', 'Say why this outlet is added to the sample.', {
            path: `outlets[${i}].why`,
          });
        }
        sites.push(outletSite(outlet, 'manual', { zh: `人工增加：${o.why}`, en: `Added by hand: ${o.why}` }));
      });
      changes.sites = JSON.stringify(sites);
    }
    await saveEvaluation(trx, row, changes);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.plan',
      entityType: 'evaluation',
      entityId: row.id,
      before: {
        plannedStart: row.plannedStart,
        plannedEnd: row.plannedEnd,
        sites: before.map((s) => s.code),
      },
      after: {
        plannedStart: start,
        plannedEnd: end,
        sites: parseJson<EvaluationSite[]>(changes.sites ?? row.sites, []).map((s) => s.code),
      },
    });
  });
  return getEvaluation(ctx, actor, id);
}

/** Sends the plan to the client: it appears in the client's portal (programme page). */
export async function sendPlan(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number },
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.plan');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    requireState(row, ['planned'], 'sending the plan');
    if (!row.leadId)
      throw refused('team_missing', 'Assign the team (a lead at least) first.', { path: 'team' });
    if (!row.plannedStart || !row.plannedEnd) {
      throw refused('dates_missing', 'Set the evaluation dates first.', { path: 'plannedStart' });
    }
    const at = toInstant(ctx.clock());
    await saveEvaluation(trx, row, { planSentAt: at, updatedAt: at });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.sendPlan',
      entityType: 'evaluation',
      entityId: row.id,
      after: { planSentAt: at, plannedStart: row.plannedStart, plannedEnd: row.plannedEnd },
    });
  });
  return getEvaluation(ctx, actor, id);
}

/**
 * The lead starts the evaluation (document review, then on site): the checklists are generated from the
 * pinned scheme version for headquarters and each sampled outlet, with the techniques chosen at contract
 * review.
 */
export async function startEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number },
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.conduct');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    const state = transition(EVALUATION_MACHINE, 'evaluation', row.state, 'start');
    const me = await personnelOfActor(trx, actor);
    if (!me || row.leadId !== me.id) {
      throw domainRefusal('not_the_lead', 'Only the lead evaluator starts the evaluation.', 'team');
    }
    if (!row.planSentAt)
      throw refused('plan_not_sent', 'Send the plan to the client first.', { path: 'planSentAt' });
    const scheme = await pinnedScheme(trx, row);
    const chosen = techniquesOf(row);
    const at = toInstant(ctx.clock());
    const entries: ChecklistEntriesTable[] = [];
    for (const site of sitesOf(row)) {
      const items = checklistFor(scheme.package, site.kind).filter((item) => {
        const techniques = chosen[item.node];
        if (!techniques) return true;
        return site.kind === 'outlet'
          ? techniques.includes('onSiteOutlet')
          : techniques.includes('onSiteHQ') ||
              techniques.includes('documentReview') ||
              techniques.includes('recordSample');
      });
      items.forEach((item, position) =>
        entries.push({
          id: randomUUID(),
          cbId: row.cbId,
          evaluationId: row.id,
          siteId: site.id,
          node: item.node,
          method: item.method,
          position,
          result: null,
          note: null,
          evidence: '[]',
          updatedBy: null,
          updatedByName: null,
          createdAt: at,
          updatedAt: at,
          version: 1,
        }),
      );
    }
    await checklistRepository.insertMany(trx, entries);
    await saveEvaluation(trx, row, { state, startedAt: at, updatedAt: at });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.start',
      entityType: 'evaluation',
      entityId: row.id,
      before: { state: row.state },
      after: { state, checklistItems: entries.length, sites: sitesOf(row).length },
    });
  });
  return getEvaluation(ctx, actor, id);
}

/**
 * The lead completes the document review: the evaluation moves on site, and the on-site items (outlets,
 * headquarters items fed on site) can be answered from now on.
 */
export async function completeDocumentReview(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number },
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.conduct');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    const me = await personnelOfActor(trx, actor);
    checkCompleteDocumentReview(row, me?.id ?? null);
    const at = toInstant(ctx.clock());
    await saveEvaluation(trx, row, {
      documentReviewCompletedAt: at,
      documentReviewCompletedBy: actor.displayName,
      updatedAt: at,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.completeDocumentReview',
      entityType: 'evaluation',
      entityId: row.id,
      before: { phase: phaseOf(row) },
      after: { phase: 'onSite', documentReviewCompletedAt: at },
    });
  });
  return getEvaluation(ctx, actor, id);
}

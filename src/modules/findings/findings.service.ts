import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type { FindingRow, FindingsTable } from '../../db/schema.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { evaluationsRepository, findingsRepository } from '../../db/repositories/workflow.repository.ts';
import { schemeIndexOf } from '../../domain/schemes/tree.ts';
import { addDays, FINDING_MACHINE, isFindingOverdue } from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { sitesOf } from '../evaluations/evaluation-records.ts';
import {
  pinnedScheme,
  requireState,
  requireTeamMember,
  visibleEvaluation,
} from '../evaluations/evaluations.service.ts';
import { auditCtx, cbToday, parseJson, refused, transition } from '../evaluations/workflow-support.ts';
import type {
  FindingAnswerBody,
  FindingCreateBody,
  FindingListQuery,
  FindingListResponse,
  FindingResponse,
  FindingVerdictBody,
} from './findings.contract.ts';

type FindingEvent = { at: string; by: string; action: string; note: string | null };
type Answer = NonNullable<FindingResponse['answer']>;

/** A finding the actor may see: in the actor's body and, for a client's users, of their own client. */
async function visibleFinding(db: Executor, actor: Actor, id: string): Promise<FindingRow> {
  const row = await findingsRepository.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!row || (scope && row.clientId !== scope)) throw notFound('Finding');
  return row;
}

async function present(
  ctx: AppContext,
  db: Executor,
  f: FindingRow,
  today?: string,
): Promise<FindingResponse> {
  const evaluation = (await evaluationsRepository.get(db, f.cbId, f.evaluationId))!;
  const client = await organisationsRepository.get(db, f.cbId, f.clientId);
  const scheme = await pinnedScheme(db, evaluation).catch(() => null);
  const node = scheme ? schemeIndexOf(scheme.package).byCode.get(f.node)?.node : undefined;
  const site = f.siteId ? sitesOf(evaluation).find((s) => s.id === f.siteId) : undefined;
  return {
    id: f.id,
    evaluationId: f.evaluationId,
    client: { id: f.clientId, name: client?.name ?? '' },
    ref: `F-${f.number}`,
    number: f.number,
    node: f.node,
    nodeTitle: node ? { zh: node.title.zh, en: node.title.en ?? node.title.zh } : null,
    site: site ? { id: site.id, code: site.code, name: site.name } : null,
    severity: f.severity,
    category: f.category,
    description: f.description,
    dueDate: f.dueDate,
    overdue: isFindingOverdue(f, today ?? (await cbToday(ctx, db, f.cbId))),
    state: f.state,
    answer: parseJson<Answer | null>(f.answer, null),
    answeredAt: f.answeredAt,
    events: parseJson<FindingEvent[]>(f.events, []),
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    version: f.version,
  };
}

export async function listFindings(
  ctx: AppContext,
  actor: Actor,
  q: FindingListQuery,
): Promise<FindingListResponse> {
  requirePermission(actor, 'findings.read');
  const scope = organisationScope(actor);
  if (scope && q.clientId && q.clientId !== scope)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const today = await cbToday(ctx, ctx.db, actor.cbId);
  const { items, total } = await findingsRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId: scope ?? q.clientId,
    evaluationId: q.evaluationId,
    state: q.state,
    overdueOn: q.overdue === 'true' ? today : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const out: FindingResponse[] = [];
  for (const f of items) out.push(await present(ctx, ctx.db, f, today));
  return { items: out, total, page: q.page, pageSize: q.pageSize };
}

export async function getFinding(ctx: AppContext, actor: Actor, id: string): Promise<FindingResponse> {
  requirePermission(actor, 'findings.read');
  return present(ctx, ctx.db, await visibleFinding(ctx.db, actor, id));
}

const auditView = (f: FindingsTable) => ({
  ref: `F-${f.number}`,
  evaluationId: f.evaluationId,
  node: f.node,
  site: f.siteId,
  severity: f.severity,
  category: f.category,
  dueDate: f.dueDate,
  state: f.state,
});

/** A team member raises a finding against an indicator (and optionally a site), with a due date. */
export async function createFinding(
  ctx: AppContext,
  actor: Actor,
  evaluationId: string,
  body: FindingCreateBody,
  requestId: string,
): Promise<FindingResponse> {
  requirePermission(actor, 'findings.manage');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const evaluation = await visibleEvaluation(trx, actor, evaluationId);
    requireState(evaluation, ['inProgress'], 'raising findings');
    await requireTeamMember(trx, actor, evaluation);
    const scheme = await pinnedScheme(trx, evaluation);
    const node =
      schemeIndexOf(scheme.package).byCode.get(body.node) ??
      schemeIndexOf(scheme.package).byUrn.get(body.node);
    if (!node) throw refused('unknown_node', `No item ${body.node} in the scheme.`, { path: 'node' });
    if (body.siteId && !sitesOf(evaluation).some((s) => s.id === body.siteId)) {
      throw refused('unknown_site', `No site ${body.siteId} in this evaluation.`, { path: 'siteId' });
    }
    let category: string | null = null;
    if (body.severity === 'specialDeduction') {
      const categories = scheme.package.policies.scoring.specialDeduction.categories.map((c) => c.id);
      if (!body.category || !categories.includes(body.category)) {
        throw refused(
          'category_required',
          `A special deduction needs a category: ${categories.join(', ')}.`,
          {
            path: 'category',
            allowed: categories,
          },
        );
      }
      category = body.category;
    }
    const today = await cbToday(ctx, trx, actor.cbId);
    if (body.dueDate && body.dueDate < today) {
      throw refused('due_date_past', 'The due date cannot be in the past.', { path: 'dueDate' });
    }
    const at = toInstant(ctx.clock());
    const row: FindingsTable = {
      id: randomUUID(),
      cbId: actor.cbId,
      evaluationId: evaluation.id,
      clientId: evaluation.clientId,
      number: await findingsRepository.nextNumber(trx, actor.cbId, evaluation.id),
      node: node.node.code,
      siteId: body.siteId ?? null,
      severity: body.severity,
      category,
      description: body.description,
      dueDate: body.dueDate ?? addDays(today, 30),
      state: 'open',
      answer: null,
      answeredBy: null,
      answeredAt: null,
      events: JSON.stringify([{ at, by: actor.displayName, action: 'raise', note: null }]),
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await findingsRepository.create(trx, row);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'finding.create',
      entityType: 'finding',
      entityId: row.id,
      after: auditView(row),
    });
    return row.id;
  });
  return getFinding(ctx, actor, id);
}

async function moveFinding(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  event: 'answer' | 'accept' | 'reopen',
  requestId: string,
  extra: (trx: Executor, f: FindingRow) => Promise<Partial<FindingsTable>>,
  note: string | null,
): Promise<FindingResponse> {
  await ctx.db.transaction().execute(async (trx) => {
    const f = await visibleFinding(trx, actor, id);
    if (f.version !== version) throw versionConflict('finding', f.version);
    const state = transition(FINDING_MACHINE, 'finding', f.state, event);
    const evaluation = (await evaluationsRepository.get(trx, f.cbId, f.evaluationId))!;
    if (evaluation.state === 'decided') {
      throw refused('evaluation_decided', 'The evaluation has been decided; its findings are closed.', {
        path: 'state',
      });
    }
    const changes = await extra(trx, f);
    const at = toInstant(ctx.clock());
    const events = [
      ...parseJson<FindingEvent[]>(f.events, []),
      { at, by: actor.displayName, action: event, note },
    ];
    const all = { ...changes, state, events: JSON.stringify(events), updatedAt: at };
    if (!(await findingsRepository.update(trx, actor.cbId, f.id, version, all)))
      throw versionConflict('finding');
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: `finding.${event}`,
      entityType: 'finding',
      entityId: f.id,
      before: { state: f.state },
      after: { state, note },
    });
  });
  return getFinding(ctx, actor, id);
}

/** The client answers in its portal: root cause, correction, corrective action, evidence. */
export async function answerFinding(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: FindingAnswerBody,
  requestId: string,
): Promise<FindingResponse> {
  requirePermission(actor, 'findings.answer');
  const answer: Answer = {
    rootCause: body.rootCause,
    correction: body.correction,
    correctiveAction: body.correctiveAction,
    evidence: body.evidence,
  };
  return moveFinding(
    ctx,
    actor,
    id,
    body.version,
    'answer',
    requestId,
    async () => ({
      answer: JSON.stringify(answer),
      answeredBy: actor.userId,
      answeredAt: toInstant(ctx.clock()),
    }),
    null,
  );
}

async function verdict(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: FindingVerdictBody,
  event: 'accept' | 'reopen',
  requestId: string,
) {
  requirePermission(actor, 'findings.manage');
  if (event === 'reopen' && !body.note) {
    throw refused('note_required', 'Say why the answer is not accepted.', { path: 'note' });
  }
  return moveFinding(
    ctx,
    actor,
    id,
    body.version,
    event,
    requestId,
    async (trx, f) => {
      const evaluation = (await evaluationsRepository.get(trx, f.cbId, f.evaluationId))!;
      await requireTeamMember(trx, actor, evaluation);
      return {};
    },
    body.note ?? null,
  );
}

/** A team member accepts the client's correction. */
export const acceptFinding = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: FindingVerdictBody,
  requestId: string,
) => verdict(ctx, actor, id, body, 'accept', requestId);

/** A team member reopens the finding: the client answers again. */
export const reopenFinding = (
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: FindingVerdictBody,
  requestId: string,
) => verdict(ctx, actor, id, body, 'reopen', requestId);

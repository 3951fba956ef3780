import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type { ApplicationRow, ApplicationsTable, ContractReviewRow, OutletRow } from '../../db/schema.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import {
  applicationsRepository,
  contractReviewsRepository,
  programmesRepository,
} from '../../db/repositories/workflow.repository.ts';
import { computeEffortPersonDays, type EffortResult } from '../../domain/effort/index.ts';
import { drawOutletSample, type OutletSample } from '../../domain/sampling/index.ts';
import type { EvidenceTechnique, SchemePackage } from '../../domain/schemes/package-schema.ts';
import type { PublishedSchemeVersion } from '../../domain/schemes/index.ts';
import { schemeIndexOf } from '../../domain/schemes/tree.ts';
import {
  APPLICATION_MACHINE,
  checkEligibility,
  monthsBetween,
  type EligibilityCheck,
} from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { publishedScheme } from '../schemes/schemes.service.ts';
import {
  finalSample,
  headquartersSite,
  insertEvaluation,
  outletSite,
  outletsByIds,
} from '../evaluations/evaluation-records.ts';
import {
  auditCtx,
  cbToday,
  parseJson,
  refused,
  schemeFor,
  transition,
  workflowPolicyFor,
} from '../evaluations/workflow-support.ts';
import {
  DOCUMENT_LABELS,
  REQUIRED_DOCUMENTS,
  type ApplicationCreateBody,
  type ApplicationDocument,
  type ApplicationListQuery,
  type ApplicationListResponse,
  type ApplicationResponse,
  type ApplicationUpdateBody,
  type ContractReviewResponse,
  type ContractReviewUpdateBody,
  type TransitionBody,
} from './applications.contract.ts';

type Eligibility = { eligible: boolean; asOf: string; snapshot: boolean; checks: EligibilityCheck[] };
interface Quote {
  dayRate: number;
  currency: string;
  personDays: number;
  amount: number;
}
type SampleChange = { outletId: string; action: 'add' | 'remove'; justification: string };
type Adjustment = { personDays: number; justification: string };

// ── scoping ─────────────────────────────────────────────────────────────────────────────────────────

/** An application the actor may see: in the actor's body and, for a client's users, their own. */
export async function visibleApplication(db: Executor, actor: Actor, id: string): Promise<ApplicationRow> {
  const row = await applicationsRepository.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!row || (scope && row.clientId !== scope)) throw notFound('Application');
  return row;
}

/** The client an application is for: a client's users apply for themselves; CB staff name the client. */
async function clientFor(db: Executor, actor: Actor, clientId: string | undefined) {
  const scope = organisationScope(actor);
  const id = clientId ?? scope;
  if (!id) throw badRequest('client_required', 'Name the client (clientId).', { field: 'clientId' });
  if (scope && id !== scope) throw notFound('Client organisation');
  const org = await organisationsRepository.get(db, actor.cbId, id);
  if (!org || org.kind !== 'client') throw notFound('Client organisation');
  return org;
}

async function activeOutletIds(db: Executor, cbId: string, clientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('outlets')
    .select('id')
    .where('cbId', '=', cbId)
    .where('clientId', '=', clientId)
    .where('status', '=', 'active')
    .orderBy('code')
    .execute();
  return rows.map((r) => r.id);
}

async function checkOutlets(db: Executor, cbId: string, clientId: string, ids: readonly string[]) {
  const rows = await outletsByIds(db, cbId, ids);
  const known = new Set(rows.filter((r) => r.clientId === clientId).map((r) => r.id));
  const bad = ids.findIndex((id) => !known.has(id));
  if (bad >= 0) {
    throw refused('unknown_outlet', `Outlet ${ids[bad]} is not an outlet of this client.`, {
      path: `outletIds[${bad}]`,
    });
  }
  return [...new Set(ids)];
}

// ── eligibility and documents ───────────────────────────────────────────────────────────────────────

const provided = (d: ApplicationDocument) => d.refs.length > 0;

async function managersOnRoster(db: Executor, cbId: string, clientId: string, today: string) {
  const r = await db
    .selectFrom('serviceManagers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cbId', '=', cbId)
    .where('clientId', '=', clientId)
    .where('status', '=', 'active')
    .where('validUntil', '>=', today)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function eligibilityOf(ctx: AppContext, db: Executor, row: ApplicationRow): Promise<Eligibility> {
  if (row.eligibility && row.state !== 'draft') return parseJson<Eligibility>(row.eligibility, null as never);
  const today = await cbToday(ctx, db, row.cbId);
  const documents = parseJson<ApplicationDocument[]>(row.documents, []);
  const scheme = await schemeFor(db, row.cbId, row.schemeUrn, row.schemeVersion).catch(() => null);
  const r = checkEligibility(
    {
      systemOperatingSince: row.systemOperatingSince,
      legalStatusValid: documents.some((d) => d.kind === 'businessLicence' && provided(d)),
      managersOnRoster: await managersOnRoster(db, row.cbId, row.clientId, today),
      today,
    },
    workflowPolicyFor(scheme?.package ?? null).eligibility,
  );
  return { ...r, asOf: today, snapshot: false };
}

async function present(ctx: AppContext, db: Executor, row: ApplicationRow): Promise<ApplicationResponse> {
  const client = await organisationsRepository.get(db, row.cbId, row.clientId);
  const outletIds = parseJson<string[]>(row.outletIds, []);
  const outlets = (await outletsByIds(db, row.cbId, outletIds)).sort((a, b) => (a.code < b.code ? -1 : 1));
  const documents = parseJson<ApplicationDocument[]>(row.documents, []);
  const review = await contractReviewsRepository.byApplication(db, row.cbId, row.id);
  const programme = await db
    .selectFrom('programmes')
    .select('id')
    .where('cbId', '=', row.cbId)
    .where('applicationId', '=', row.id)
    .executeTakeFirst();
  return {
    id: row.id,
    client: { id: row.clientId, name: client?.name ?? '' },
    scheme: { urn: row.schemeUrn, version: row.schemeVersion },
    enterpriseType: row.enterpriseType,
    scopeZh: row.scopeZh,
    scopeEn: row.scopeEn,
    productCategories: parseJson<string[]>(row.productCategories, []),
    outlets: outlets.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      provinceCode: o.provinceCode,
      ownership: o.ownership,
    })),
    systemOperatingSince: row.systemOperatingSince,
    documents: documents.map((d) => ({
      kind: d.kind,
      label: DOCUMENT_LABELS[d.kind],
      title: d.title ?? null,
      refs: d.refs,
      note: d.note ?? null,
      provided: provided(d),
    })),
    requiredDocuments: REQUIRED_DOCUMENTS.map((kind) => ({
      kind,
      label: DOCUMENT_LABELS[kind],
      provided: documents.some((d) => d.kind === kind && provided(d)),
    })),
    eligibility: await eligibilityOf(ctx, db, row),
    state: row.state,
    stateReason: row.stateReason,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    contractReviewId: review?.id ?? null,
    programmeId: programme?.id ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const auditView = (r: ApplicationsTable) => ({
  clientId: r.clientId,
  scheme: `${r.schemeUrn}@${r.schemeVersion}`,
  enterpriseType: r.enterpriseType,
  scopeZh: r.scopeZh,
  outlets: parseJson<string[]>(r.outletIds, []).length,
  systemOperatingSince: r.systemOperatingSince,
  documents: parseJson<ApplicationDocument[]>(r.documents, []).map((d) => ({
    kind: d.kind,
    refs: d.refs.length,
  })),
  state: r.state,
  stateReason: r.stateReason,
});

// ── applications ────────────────────────────────────────────────────────────────────────────────────

export async function listApplications(
  ctx: AppContext,
  actor: Actor,
  q: ApplicationListQuery,
): Promise<ApplicationListResponse> {
  requirePermission(actor, 'applications.read');
  const scope = organisationScope(actor);
  if (scope && q.clientId && q.clientId !== scope) {
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  }
  const { items, total } = await applicationsRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId: scope ?? q.clientId,
    state: q.state,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const out: ApplicationResponse[] = [];
  for (const row of items) out.push(await present(ctx, ctx.db, row));
  return { items: out, total, page: q.page, pageSize: q.pageSize };
}

export async function getApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'applications.read');
  return present(ctx, ctx.db, await visibleApplication(ctx.db, actor, id));
}

export async function createApplication(
  ctx: AppContext,
  actor: Actor,
  body: ApplicationCreateBody,
  requestId: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'applications.manage');
  const client = await clientFor(ctx.db, actor, body.clientId);
  await publishedScheme(ctx, actor.cbId, body.scheme.urn, body.scheme.version);
  const registry = await clientsRepository.get(ctx.db, actor.cbId, client.id);
  const enterpriseType = body.enterpriseType ?? registry?.enterpriseType;
  if (!enterpriseType) {
    throw badRequest(
      'enterprise_type_required',
      'Give the enterprise type (no registry record to take it from).',
      {
        field: 'enterpriseType',
      },
    );
  }
  const outletIds = body.outletIds
    ? await checkOutlets(ctx.db, actor.cbId, client.id, body.outletIds)
    : await activeOutletIds(ctx.db, actor.cbId, client.id);
  const now = ctx.clock();
  const row: ApplicationsTable = {
    id: randomUUID(),
    cbId: actor.cbId,
    clientId: client.id,
    schemeUrn: body.scheme.urn,
    schemeVersion: body.scheme.version,
    enterpriseType,
    scopeZh: body.scopeZh,
    scopeEn: body.scopeEn ?? null,
    productCategories: JSON.stringify(
      body.productCategories ?? parseJson<string[]>(registry?.productCategories ?? null, []),
    ),
    outletIds: JSON.stringify(outletIds),
    systemOperatingSince: body.systemOperatingSince ?? null,
    documents: JSON.stringify(body.documents ?? []),
    eligibility: null,
    state: 'draft',
    stateReason: null,
    submittedAt: null,
    decidedAt: null,
    createdBy: actor.userId,
    createdAt: toInstant(now),
    updatedAt: toInstant(now),
    version: 1,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await applicationsRepository.create(trx, row);
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'application.create',
      entityType: 'application',
      entityId: row.id,
      after: auditView(row),
    });
  });
  return getApplication(ctx, actor, row.id);
}

export async function updateApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ApplicationUpdateBody,
  requestId: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'applications.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await visibleApplication(trx, actor, id);
    if (before.version !== body.version) throw versionConflict('application', before.version);
    if (before.state !== 'draft') {
      throw refused('application_not_editable', `A ${before.state} application can no longer be changed.`, {
        path: 'state',
        state: before.state,
      });
    }
    const changes: Partial<ApplicationsTable> = { updatedAt: toInstant(ctx.clock()) };
    if (body.scheme) {
      await schemeFor(trx, actor.cbId, body.scheme.urn, body.scheme.version);
      changes.schemeUrn = body.scheme.urn;
      changes.schemeVersion = body.scheme.version;
    }
    if (body.enterpriseType) changes.enterpriseType = body.enterpriseType;
    if (body.scopeZh !== undefined) changes.scopeZh = body.scopeZh;
    if (body.scopeEn !== undefined) changes.scopeEn = body.scopeEn;
    if (body.productCategories) changes.productCategories = JSON.stringify(body.productCategories);
    if (body.outletIds) {
      changes.outletIds = JSON.stringify(
        await checkOutlets(trx, actor.cbId, before.clientId, body.outletIds),
      );
    }
    if (body.systemOperatingSince !== undefined) changes.systemOperatingSince = body.systemOperatingSince;
    if (body.documents) changes.documents = JSON.stringify(body.documents);
    if (!(await applicationsRepository.update(trx, actor.cbId, id, body.version, changes))) {
      throw versionConflict('application');
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'application.update',
      entityType: 'application',
      entityId: id,
      before: auditView(before),
      after: auditView({ ...before, ...changes }),
    });
  });
  return getApplication(ctx, actor, id);
}

/**
 * Submits the application: the required documents must be there and the eligibility checks pass (each
 * failure says why); the checks are kept as they stood, and the contract review starts with the effort
 * and the outlet sample computed by the engines.
 */
export async function submitApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: TransitionBody,
  requestId: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'applications.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await visibleApplication(trx, actor, id);
    if (before.version !== body.version) throw versionConflict('application', before.version);
    const state = transition(APPLICATION_MACHINE, 'application', before.state, 'submit');
    const documents = parseJson<ApplicationDocument[]>(before.documents, []);
    const missing = REQUIRED_DOCUMENTS.filter((k) => !documents.some((d) => d.kind === k && provided(d)));
    if (missing.length) {
      throw refused(
        'documents_missing',
        `Required documents are missing: ${missing.map((k) => DOCUMENT_LABELS[k].en).join(', ')}.`,
        { path: 'documents', missing },
      );
    }
    const eligibility = await eligibilityOf(ctx, trx, { ...before, state: 'draft' });
    if (!eligibility.eligible) {
      const failed = eligibility.checks.filter((c) => !c.passed);
      throw refused('not_eligible', `Not eligible: ${failed.map((c) => c.reason.en).join('; ')}.`, {
        path: 'eligibility',
        checks: failed,
      });
    }
    const now = toInstant(ctx.clock());
    const changes: Partial<ApplicationsTable> = {
      state,
      eligibility: JSON.stringify({ ...eligibility, snapshot: true }),
      submittedAt: now,
      updatedAt: now,
    };
    if (!(await applicationsRepository.update(trx, actor.cbId, id, body.version, changes))) {
      throw versionConflict('application');
    }
    const review = await startContractReview(ctx, trx, {
      ...before,
      ...changes,
      version: before.version + 1,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'application.submit',
      entityType: 'application',
      entityId: id,
      before: { state: before.state },
      after: { state, eligible: true, contractReviewId: review.id },
    });
  });
  return getApplication(ctx, actor, id);
}

export async function withdrawApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: TransitionBody,
  requestId: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'applications.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await visibleApplication(trx, actor, id);
    if (before.version !== body.version) throw versionConflict('application', before.version);
    const state = transition(APPLICATION_MACHINE, 'application', before.state, 'withdraw');
    const now = toInstant(ctx.clock());
    const changes = { state, stateReason: body.reasons ?? null, decidedAt: now, updatedAt: now };
    if (!(await applicationsRepository.update(trx, actor.cbId, id, body.version, changes))) {
      throw versionConflict('application');
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'application.withdraw',
      entityType: 'application',
      entityId: id,
      before: { state: before.state },
      after: { state, reasons: body.reasons ?? null },
    });
  });
  return getApplication(ctx, actor, id);
}

// ── contract review ─────────────────────────────────────────────────────────────────────────────────

interface ReviewInputs {
  seed: string;
  employees: number | null;
  adjustments: Adjustment[];
  sampleChanges: SampleChange[];
  dayRate: number;
}

/** Effort and sample from the engines, for the application's outlets in scope. */
async function computeReview(
  ctx: AppContext,
  db: Executor,
  app: ApplicationRow,
  scheme: PublishedSchemeVersion,
  input: ReviewInputs,
): Promise<{ effort: EffortResult; sample: OutletSample; outlets: OutletRow[]; quote: Quote }> {
  const today = await cbToday(ctx, db, app.cbId);
  const outlets = await outletsByIds(db, app.cbId, parseJson<string[]>(app.outletIds, []));
  const sample = drawOutletSample(scheme.package.policies.sampling, {
    stage: 'initial',
    seed: input.seed,
    outlets: outlets.map((o) => ({
      id: o.id,
      region: o.provinceCode ?? 'unknown',
      ownership: o.ownership,
      risk: { isNew: o.openedOn ? monthsBetween(o.openedOn, today) < 12 : false },
    })),
  });
  const byId = new Map(outlets.map((o) => [o.id, o]));
  const visited = finalSample(sample, input.sampleChanges).map((s) => ({
    id: s.outletId,
    ...(byId.get(s.outletId)?.staffCount != null ? { staff: byId.get(s.outletId)!.staffCount! } : {}),
  }));
  const effort = computeEffortPersonDays(scheme.package.policies.effort, {
    stage: 'initial',
    enterprise: { employees: input.employees ?? 0 },
    visitedOutlets: visited,
    adjustments: input.adjustments,
  });
  const policy = workflowPolicyFor(scheme.package);
  const quote: Quote = {
    dayRate: input.dayRate,
    currency: policy.quote.currency,
    personDays: effort.personDays,
    amount: Math.round(effort.personDays * input.dayRate * 100) / 100,
  };
  return { effort, sample, outlets, quote };
}

/** Every leaf indicator with the techniques the scheme allows; all are chosen until the reviewer narrows them. */
function defaultTechniques(pkg: SchemePackage): Record<string, EvidenceTechnique[]> {
  const out: Record<string, EvidenceTechnique[]> = {};
  for (const e of schemeIndexOf(pkg).nodes) if (e.isLeaf) out[e.node.code] = [...(e.node.techniques ?? [])];
  return out;
}

async function startContractReview(ctx: AppContext, db: Executor, app: ApplicationRow) {
  const scheme = await schemeFor(db, app.cbId, app.schemeUrn, app.schemeVersion);
  const registry = await clientsRepository.get(db, app.cbId, app.clientId);
  const inputs: ReviewInputs = {
    seed: randomUUID().slice(0, 8),
    employees: registry?.headcount ?? null,
    adjustments: [],
    sampleChanges: [],
    dayRate: workflowPolicyFor(scheme.package).quote.dayRate,
  };
  const { effort, sample, quote } = await computeReview(ctx, db, app, scheme, inputs);
  const now = toInstant(ctx.clock());
  const row = {
    id: randomUUID(),
    cbId: app.cbId,
    applicationId: app.id,
    clientId: app.clientId,
    stage: 'initial' as const,
    seed: inputs.seed,
    employees: inputs.employees,
    effortAdjustments: '[]',
    sampleChanges: '[]',
    techniques: JSON.stringify(defaultTechniques(scheme.package)),
    effortJson: JSON.stringify(effort),
    sampleJson: JSON.stringify(sample),
    quote: JSON.stringify(quote),
    decision: null,
    decisionReasons: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await contractReviewsRepository.create(db, row);
  return row;
}

async function reviewOf(db: Executor, actor: Actor, applicationId: string) {
  const app = await visibleApplication(db, actor, applicationId);
  const review = await contractReviewsRepository.byApplication(db, actor.cbId, app.id);
  if (!review) {
    throw refused(
      'no_contract_review',
      'The application has not been submitted yet: there is no contract review.',
      {
        path: 'state',
        state: app.state,
      },
    );
  }
  return { app, review };
}

async function presentReview(
  ctx: AppContext,
  db: Executor,
  app: ApplicationRow,
  r: ContractReviewRow,
): Promise<ContractReviewResponse> {
  const scheme = await schemeFor(db, app.cbId, app.schemeUrn, app.schemeVersion);
  const sample = JSON.parse(r.sampleJson) as OutletSample;
  const changes = parseJson<SampleChange[]>(r.sampleChanges, []);
  const chosen = finalSample(sample, changes);
  const outlets = new Map(
    (
      await outletsByIds(
        db,
        app.cbId,
        chosen.map((c) => c.outletId),
      )
    ).map((o) => [o.id, o]),
  );
  const techniques = parseJson<Record<string, EvidenceTechnique[]>>(r.techniques, {});
  return {
    id: r.id,
    applicationId: r.applicationId,
    stage: r.stage,
    seed: r.seed,
    employees: r.employees,
    effort: JSON.parse(r.effortJson) as Record<string, unknown>,
    effortAdjustments: parseJson<Adjustment[]>(r.effortAdjustments, []),
    sample: sample as unknown as Record<string, unknown>,
    sampledOutlets: chosen.map((c) => ({
      outletId: c.outletId,
      code: outlets.get(c.outletId)?.code ?? '',
      name: outlets.get(c.outletId)?.name ?? '',
      reason: c.reason,
      why: c.why,
    })),
    sampleChanges: changes,
    techniques: schemeIndexOf(scheme.package)
      .nodes.filter((e) => e.isLeaf)
      .map((e) => ({
        node: e.node.code,
        title: e.node.title.zh,
        allowed: [...(e.node.techniques ?? [])],
        chosen: techniques[e.node.code] ?? [],
      })),
    quote: JSON.parse(r.quote) as Quote,
    decision: r.decision,
    decisionReasons: r.decisionReasons,
    decidedAt: r.decidedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

export async function getContractReview(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
): Promise<ContractReviewResponse> {
  requirePermission(actor, 'contractReviews.perform');
  const { app, review } = await reviewOf(ctx.db, actor, applicationId);
  return presentReview(ctx, ctx.db, app, review);
}

const openReview = (app: ApplicationRow, review: ContractReviewRow) => {
  if (app.state !== 'submitted' || review.decision) {
    throw refused('contract_review_closed', `The contract review is closed (application ${app.state}).`, {
      path: 'state',
      state: app.state,
    });
  }
};

/** Effort and sample are recomputed by the engines from the edited inputs; manual changes need a justification. */
export async function updateContractReview(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  body: ContractReviewUpdateBody,
  requestId: string,
): Promise<ContractReviewResponse> {
  requirePermission(actor, 'contractReviews.perform');
  await ctx.db.transaction().execute(async (trx) => {
    const { app, review } = await reviewOf(trx, actor, applicationId);
    if (review.version !== body.version) throw versionConflict('contract review', review.version);
    openReview(app, review);
    const scheme = await schemeFor(trx, app.cbId, app.schemeUrn, app.schemeVersion);
    const inScope = new Set(parseJson<string[]>(app.outletIds, []));
    (body.sampleChanges ?? []).forEach((c, i) => {
      if (!inScope.has(c.outletId)) {
        throw refused('outlet_not_in_scope', `Outlet ${c.outletId} is not in the application's scope.`, {
          path: `sampleChanges[${i}].outletId`,
        });
      }
    });
    let techniques = parseJson<Record<string, EvidenceTechnique[]>>(review.techniques, {});
    if (body.techniques) {
      const index = schemeIndexOf(scheme.package);
      for (const [node, chosen] of Object.entries(body.techniques)) {
        const entry = index.byCode.get(node);
        if (!entry?.isLeaf) {
          throw refused('unknown_node', `No item ${node} in the scheme.`, { path: `techniques.${node}` });
        }
        const allowed = entry.node.techniques ?? [];
        const bad = chosen.find((t) => !allowed.includes(t));
        if (bad) {
          throw refused('technique_not_allowed', `Item ${node} cannot be evaluated by ${bad}.`, {
            path: `techniques.${node}`,
            allowed,
          });
        }
      }
      techniques = { ...techniques, ...body.techniques };
    }
    const quoteBefore = JSON.parse(review.quote) as Quote;
    const inputs: ReviewInputs = {
      seed: body.seed ?? review.seed,
      employees: body.employees !== undefined ? body.employees : review.employees,
      adjustments: body.effortAdjustments ?? parseJson<Adjustment[]>(review.effortAdjustments, []),
      sampleChanges: body.sampleChanges ?? parseJson<SampleChange[]>(review.sampleChanges, []),
      dayRate: body.dayRate ?? quoteBefore.dayRate,
    };
    const { effort, sample, quote } = await computeReview(ctx, trx, app, scheme, inputs);
    const changes = {
      seed: inputs.seed,
      employees: inputs.employees,
      effortAdjustments: JSON.stringify(inputs.adjustments),
      sampleChanges: JSON.stringify(inputs.sampleChanges),
      techniques: JSON.stringify(techniques),
      effortJson: JSON.stringify(effort),
      sampleJson: JSON.stringify(sample),
      quote: JSON.stringify(quote),
      updatedAt: toInstant(ctx.clock()),
    };
    if (!(await contractReviewsRepository.update(trx, actor.cbId, review.id, body.version, changes))) {
      throw versionConflict('contract review');
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'contractReview.update',
      entityType: 'contractReview',
      entityId: review.id,
      before: { seed: review.seed, personDays: quoteBefore.personDays, amount: quoteBefore.amount },
      after: {
        seed: inputs.seed,
        personDays: quote.personDays,
        amount: quote.amount,
        adjustments: inputs.adjustments,
        sampleChanges: inputs.sampleChanges,
        sampled: finalSample(sample, inputs.sampleChanges).length,
      },
    });
  });
  return getContractReview(ctx, actor, applicationId);
}

/**
 * Accepts the application at contract review: the programme is created with its initial evaluation,
 * planned on the pinned scheme version at headquarters and the sampled outlets (each with why).
 */
export async function acceptApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  body: TransitionBody,
  requestId: string,
): Promise<{ application: ApplicationResponse; programmeId: string; evaluationId: string }> {
  requirePermission(actor, 'contractReviews.perform');
  const ids = await ctx.db.transaction().execute(async (trx) => {
    const { app, review } = await reviewOf(trx, actor, applicationId);
    if (review.version !== body.version) throw versionConflict('contract review', review.version);
    const state = transition(APPLICATION_MACHINE, 'application', app.state, 'accept');
    openReview(app, review);
    const scheme = await schemeFor(trx, app.cbId, app.schemeUrn, app.schemeVersion);
    const now = ctx.clock();
    const at = toInstant(now);
    const decided = {
      decision: 'accepted' as const,
      decisionReasons: body.reasons ?? null,
      decidedBy: actor.userId,
      decidedAt: at,
      updatedAt: at,
    };
    if (!(await contractReviewsRepository.update(trx, actor.cbId, review.id, body.version, decided))) {
      throw versionConflict('contract review');
    }
    if (
      !(await applicationsRepository.update(trx, actor.cbId, app.id, app.version, {
        state,
        decidedAt: at,
        updatedAt: at,
      }))
    ) {
      throw versionConflict('application');
    }
    const programmeId = randomUUID();
    const client = await organisationsRepository.get(trx, app.cbId, app.clientId);
    const registry = await clientsRepository.get(trx, app.cbId, app.clientId);
    const sample = JSON.parse(review.sampleJson) as OutletSample;
    const chosen = finalSample(sample, parseJson<SampleChange[]>(review.sampleChanges, []));
    const outlets = new Map(
      (
        await outletsByIds(
          trx,
          app.cbId,
          chosen.map((c) => c.outletId),
        )
      ).map((o) => [o.id, o]),
    );
    const sites = [
      headquartersSite({
        name: registry?.legalNameZh ?? client?.name ?? '',
        address: registry?.operatingAddress ?? registry?.registeredAddress ?? null,
      }),
      ...chosen.flatMap((c) => {
        const o = outlets.get(c.outletId);
        return o ? [outletSite(o, c.reason, c.why)] : [];
      }),
    ];
    const evaluationId = randomUUID();
    await programmesRepository.create(trx, {
      id: programmeId,
      cbId: app.cbId,
      clientId: app.clientId,
      applicationId: app.id,
      schemeUrn: app.schemeUrn,
      schemeVersion: app.schemeVersion,
      state: 'active',
      decisionDate: null,
      expiryDate: null,
      events: JSON.stringify([
        {
          stage: 'initial',
          dueBy: null,
          why: { zh: '初次认证评价', en: 'Initial certification evaluation' },
          evaluationId,
        },
      ]),
      certificateId: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    const evaluation = await insertEvaluation(trx, {
      id: evaluationId,
      cbId: app.cbId,
      programmeId,
      clientId: app.clientId,
      stage: 'initial',
      reason: null,
      scheme: { urn: app.schemeUrn, version: app.schemeVersion, contentHash: scheme.contentHash },
      sites,
      sample,
      techniques: parseJson<Record<string, EvidenceTechnique[]>>(review.techniques, {}),
      now,
    });
    const audit = auditCtx(ctx, actor, requestId);
    await appendAudit(trx, audit, {
      action: 'contractReview.accept',
      entityType: 'contractReview',
      entityId: review.id,
      after: {
        decision: 'accepted',
        reasons: body.reasons ?? null,
        quote: JSON.parse(review.quote) as Quote,
      },
    });
    await appendAudit(trx, audit, {
      action: 'application.accept',
      entityType: 'application',
      entityId: app.id,
      before: { state: app.state },
      after: { state, programmeId },
    });
    await appendAudit(trx, audit, {
      action: 'programme.create',
      entityType: 'programme',
      entityId: programmeId,
      after: { clientId: app.clientId, scheme: `${app.schemeUrn}@${app.schemeVersion}` },
    });
    await appendAudit(trx, audit, {
      action: 'evaluation.create',
      entityType: 'evaluation',
      entityId: evaluation.id,
      after: {
        stage: 'initial',
        scheme: `${app.schemeUrn}@${app.schemeVersion}#${scheme.contentHash.slice(0, 12)}`,
        sites: sites.map((s) => ({ code: s.code, reason: s.reason })),
      },
    });
    return { programmeId, evaluationId: evaluation.id };
  });
  return { application: await getApplication(ctx, actor, applicationId), ...ids };
}

export async function declineApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  body: TransitionBody,
  requestId: string,
): Promise<ApplicationResponse> {
  requirePermission(actor, 'contractReviews.perform');
  if (!body.reasons) {
    throw refused('reasons_required', 'Say why the application is declined.', { path: 'reasons' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const { app, review } = await reviewOf(trx, actor, applicationId);
    if (review.version !== body.version) throw versionConflict('contract review', review.version);
    const state = transition(APPLICATION_MACHINE, 'application', app.state, 'decline');
    openReview(app, review);
    const at = toInstant(ctx.clock());
    const decided = {
      decision: 'declined' as const,
      decisionReasons: body.reasons!,
      decidedBy: actor.userId,
      decidedAt: at,
      updatedAt: at,
    };
    if (!(await contractReviewsRepository.update(trx, actor.cbId, review.id, body.version, decided))) {
      throw versionConflict('contract review');
    }
    const changes = { state, stateReason: body.reasons!, decidedAt: at, updatedAt: at };
    if (!(await applicationsRepository.update(trx, actor.cbId, app.id, app.version, changes))) {
      throw versionConflict('application');
    }
    const audit = auditCtx(ctx, actor, requestId);
    await appendAudit(trx, audit, {
      action: 'contractReview.decline',
      entityType: 'contractReview',
      entityId: review.id,
      after: { decision: 'declined', reasons: body.reasons },
    });
    await appendAudit(trx, audit, {
      action: 'application.decline',
      entityType: 'application',
      entityId: app.id,
      before: { state: app.state },
      after: { state, reasons: body.reasons },
    });
  });
  return getApplication(ctx, actor, applicationId);
}

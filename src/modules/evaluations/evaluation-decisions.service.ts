import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type {
  CertificationDecisionRow,
  CertificationDecisionsTable,
  EvaluationRow,
} from '../../db/schema.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import {
  applicationsRepository,
  decisionsRepository,
  findingsRepository,
  programmesRepository,
  reviewsRepository,
} from '../../db/repositories/workflow.repository.ts';
import {
  checkIndependence,
  checkSubmit,
  EVALUATION_MACHINE,
  planProgramme,
  starPolicyContext,
  starPolicyOutcome,
  type EarlierGrant,
} from '../../domain/workflow/index.ts';
import { scoreEvaluation, type EvaluationResult } from '../../domain/scoring/index.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import {
  issueCertificate,
  recordSurveillance,
  renewCertificate,
  restoreCertificate,
  reviseCertificate,
  suspendCertificate,
} from '../certificates/certificates.service.ts';
import { outletsByIds, sitesOf, teamRule } from './evaluation-records.ts';
import { liveResult } from './evaluation-execution.service.ts';
import type {
  DecisionBody,
  DecisionResponse,
  EvaluationResponse,
  ReviewBody,
} from './evaluations.contract.ts';
import { expectVersion, getEvaluation, saveEvaluation, visibleEvaluation } from './evaluations.service.ts';
import {
  auditCtx,
  cbToday,
  identityOf,
  parseJson,
  personnelOfActor,
  refused,
  transition,
  workflowPolicyFor,
} from './workflow-support.ts';

/**
 * The lead submits: every nonconformity and special deduction needs an accepted correction, and the
 * engine must be able to score every applicable item.
 */
export async function submitEvaluation(
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
    const state = transition(EVALUATION_MACHINE, 'evaluation', row.state, 'submit');
    const me = await personnelOfActor(trx, actor);
    const findings = await findingsRepository.ofEvaluation(trx, row.cbId, row.id);
    checkSubmit(
      teamRule(row),
      me?.id ?? '',
      findings.map((f) => ({ id: `F-${f.number}`, severity: f.severity, state: f.state })),
    );
    const { result } = await liveResult(ctx, trx, row);
    if (result.status !== 'scored') {
      throw refused(
        'evaluation_incomplete',
        `Items without a result: ${result.unscorable.map((u) => u.node).join(', ')}.`,
        {
          path: 'checklist',
          unscorable: result.unscorable.map((u) => u.node),
        },
      );
    }
    const at = toInstant(ctx.clock());
    await saveEvaluation(trx, row, { state, submittedAt: at, submittedBy: actor.userId, updatedAt: at });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.submit',
      entityType: 'evaluation',
      entityId: row.id,
      before: { state: row.state },
      after: { state, score: result.totals.scoreText, level: result.outcome.level?.id ?? null },
    });
  });
  return getEvaluation(ctx, actor, id);
}

/** Technical review by someone who was not on the team: approve, or return to the team with comments. */
export async function reviewEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ReviewBody,
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'reviews.perform');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    const state = transition(
      EVALUATION_MACHINE,
      'evaluation',
      row.state,
      body.outcome === 'approve' ? 'approveReview' : 'returnReview',
    );
    const me = await personnelOfActor(trx, actor);
    checkIndependence('review', teamRule(row), identityOf(me, actor));
    if (body.outcome === 'return' && !body.comments) {
      throw refused('comments_required', 'Say what the team must change.', { path: 'comments' });
    }
    const at = toInstant(ctx.clock());
    await reviewsRepository.create(trx, {
      id: randomUUID(),
      cbId: row.cbId,
      evaluationId: row.id,
      reviewerUserId: actor.userId ?? 'system',
      reviewerPersonnelId: me?.id ?? null,
      reviewerName: actor.displayName,
      outcome: body.outcome === 'approve' ? 'approved' : 'returned',
      comments: body.comments ?? null,
      createdAt: at,
    });
    await saveEvaluation(trx, row, {
      state,
      ...(body.outcome === 'approve' ? { reviewedAt: at } : { submittedAt: null, submittedBy: null }),
      updatedAt: at,
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: body.outcome === 'approve' ? 'evaluation.review.approve' : 'evaluation.review.return',
      entityType: 'evaluation',
      entityId: row.id,
      before: { state: row.state },
      after: { state, comments: body.comments ?? null, independence: 'not on the team' },
    });
  });
  return getEvaluation(ctx, actor, id);
}

type EngineLevel = { id: string; title: { zh: string; en?: string }; stars: number } | null;
const levelOut = (l: EngineLevel) =>
  l ? { id: l.id, title: { zh: l.title.zh, en: l.title.en ?? l.title.zh }, stars: l.stars } : null;

/** Engine level, granted level and why, read back from the frozen document and result. */
function frozenStarPolicy(d: CertificationDecisionRow): DecisionResponse['starPolicy'] {
  const result = JSON.parse(d.resultJson) as EvaluationResult;
  if (!result.outcome) return undefined;
  const o = starPolicyOutcome(result);
  const doc = JSON.parse(d.documentJson) as { context?: { monthsAtCompliant?: number | null } };
  return {
    engineLevel: levelOut(o.engineLevel),
    grantedLevel: levelOut(o.grantedLevel),
    rule: o.rule,
    reason: o.reason,
    monthsAtCompliant: doc.context?.monthsAtCompliant ?? null,
  };
}

export function presentDecision(
  d: CertificationDecisionRow,
  certificate: DecisionResponse['certificate'] = null,
): DecisionResponse {
  return {
    starPolicy: frozenStarPolicy(d),
    id: d.id,
    evaluationId: d.evaluationId,
    decision: d.decision,
    reasons: d.reasons,
    decidedBy: d.decidedByName,
    decisionDate: d.decisionDate,
    score: d.score,
    scoreText: d.scoreText,
    level: d.levelId
      ? {
          id: d.levelId,
          title: { zh: d.levelTitleZh ?? '', en: d.levelTitleEn ?? d.levelTitleZh ?? '' },
          stars: d.levelStars ?? 0,
        }
      : null,
    scheme: { urn: d.schemeUrn, version: d.schemeVersion, contentHash: d.schemeContentHash },
    engineVersion: d.engineVersion,
    document: JSON.parse(d.documentJson) as Record<string, unknown>,
    result: JSON.parse(d.resultJson) as Record<string, unknown>,
    certificate,
    createdAt: d.createdAt,
  };
}

export async function listDecisions(ctx: AppContext, actor: Actor, id: string): Promise<DecisionResponse[]> {
  requirePermission(actor, 'evaluations.read');
  const row = await visibleEvaluation(ctx.db, actor, id);
  const decisions = await decisionsRepository.ofEvaluation(ctx.db, row.cbId, row.id);
  return decisions.map((d) =>
    presentDecision(d, d.decision === 'grant' ? { id: row.certificateId, error: null } : null),
  );
}

const opensCycle = (row: EvaluationRow) => row.stage === 'initial' || row.stage === 'recertification';

/**
 * The certification decision, by someone who was on neither the team nor the review: grant at the level
 * the engine gives, refuse, or ask for more (back to the team). The evaluation document, the engine
 * result with its trace, the scheme's content hash and the engine version are frozen with the decision
 * (an append-only record). A grant of an initial or recertification evaluation sets the programme's
 * cycle from the decision date and issues the certificate.
 */
export async function decideEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: DecisionBody,
  requestId: string,
): Promise<DecisionResponse> {
  requirePermission(actor, 'decisions.make');
  const { decision, row } = await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    const state = transition(EVALUATION_MACHINE, 'evaluation', row.state, body.decision);
    const me = await personnelOfActor(trx, actor);
    const reviews = await reviewsRepository.ofEvaluation(trx, row.cbId, row.id);
    const approval = reviews.filter((r) => r.outcome === 'approved').at(-1);
    checkIndependence(
      'decision',
      teamRule(row),
      identityOf(me, actor),
      approval ? (approval.reviewerPersonnelId ?? `user:${approval.reviewerUserId}`) : null,
    );
    if (body.decision !== 'grant' && !body.reasons) {
      throw refused('reasons_required', 'Give the reasons for this decision.', { path: 'reasons' });
    }
    const live = await liveResult(ctx, trx, row);
    const { scheme } = live;
    const today = await cbToday(ctx, trx, row.cbId);
    // The body's star policy: the months the client has held a certified level in this programme and
    // an outstanding result go into the document's context, so the engine (and `starmark score` on the
    // frozen document) gives the policy-applied level, with the engine's own level kept as cappedFrom.
    const earlier = await earlierGrants(trx, row);
    const { context } = starPolicyContext({
      grading: scheme.package.policies.grading,
      stars: workflowPolicyFor(scheme.package).stars,
      earlierGrants: earlier,
      decisionDate: today,
      score: live.result.totals.score,
      outstandingJustification: body.decision === 'grant' ? (body.outstanding ?? null) : null,
    });
    const document = { ...live.document, context };
    const result = scoreEvaluation(scheme, document);
    if (
      body.decision === 'grant' &&
      (result.status !== 'scored' || !result.outcome.passed || !result.outcome.level)
    ) {
      throw refused(
        'cannot_grant',
        'The engine result does not reach a level: the evaluation cannot be granted.',
        {
          path: 'decision',
          score: result.totals.scoreText,
          reasons: result.outcome.reasons.map((r) => ({ code: r.code, zh: r.zh, en: r.en })),
        },
      );
    }
    const at = toInstant(ctx.clock());
    const level = body.decision === 'grant' ? result.outcome.level : null;
    const decision: CertificationDecisionsTable = {
      id: randomUUID(),
      cbId: row.cbId,
      evaluationId: row.id,
      clientId: row.clientId,
      decision: body.decision,
      reasons: body.reasons ?? null,
      decidedBy: actor.userId ?? 'system',
      decidedByName: actor.displayName,
      personnelId: me?.id ?? null,
      decisionDate: today,
      score: result.totals.score,
      scoreText: result.totals.scoreText,
      levelId: level?.id ?? null,
      levelTitleZh: level?.title.zh ?? null,
      levelTitleEn: level ? (level.title.en ?? level.title.zh) : null,
      levelStars: level?.stars ?? null,
      schemeUrn: row.schemeUrn,
      schemeVersion: row.schemeVersion,
      schemeContentHash: scheme.contentHash,
      engineVersion: result.engineVersion,
      documentJson: JSON.stringify(document),
      resultJson: JSON.stringify(result),
      createdAt: at,
    };
    await decisionsRepository.create(trx, decision);
    await saveEvaluation(trx, row, {
      state,
      ...(body.decision === 'askMore'
        ? { submittedAt: null, submittedBy: null, reviewedAt: null }
        : { decidedAt: at }),
      updatedAt: at,
    });
    if (body.decision === 'grant' && opensCycle(row)) {
      const programme = await programmesRepository.get(trx, row.cbId, row.programmeId);
      if (programme) {
        const schedule = planProgramme(today, workflowPolicyFor(scheme.package).programme);
        const events = parseJson<Record<string, unknown>[]>(programme.events, []).filter(
          (e) => e.evaluationId,
        );
        events.push(...schedule.events.map((e) => ({ ...e, evaluationId: null })));
        if (
          !(await programmesRepository.update(trx, row.cbId, programme.id, programme.version, {
            decisionDate: today,
            expiryDate: schedule.expiryDate,
            events: JSON.stringify(events),
            updatedAt: at,
          }))
        ) {
          throw new AppError(409, 'version_conflict', 'The programme changed meanwhile; decide again.');
        }
        await appendAudit(trx, auditCtx(ctx, actor, requestId), {
          action: 'programme.schedule',
          entityType: 'programme',
          entityId: programme.id,
          after: { decisionDate: today, expiryDate: schedule.expiryDate, events: schedule.events },
        });
      }
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: `evaluation.decision.${body.decision}`,
      entityType: 'evaluation',
      entityId: row.id,
      before: { state: row.state },
      after: {
        state,
        decisionId: decision.id,
        score: decision.scoreText,
        level: decision.levelId,
        scheme: `${row.schemeUrn}@${row.schemeVersion}#${scheme.contentHash.slice(0, 12)}`,
        engineVersion: decision.engineVersion,
        independence: 'not on the team, not the reviewer',
      },
    });
    return { decision, row: { ...row, version: row.version + 1 } };
  });
  let certificate: DecisionResponse['certificate'] = null;
  if (body.decision === 'grant' && row.stage === 'initial') {
    certificate = await issueFor(ctx, actor, row, decision, requestId);
  } else if (body.decision === 'grant') {
    certificate = await grantOnCertificate(ctx, actor, row, decision, requestId);
  } else if (body.decision === 'refuse' && row.stage !== 'initial' && row.stage !== 'recertification') {
    certificate = await suspendOnRefusal(ctx, actor, row, decision, requestId);
  }
  return presentDecision(decision as CertificationDecisionRow, certificate);
}

/** Earlier grants in the evaluation's programme: the star policy counts the months since the first. */
async function earlierGrants(db: Executor, row: EvaluationRow): Promise<EarlierGrant[]> {
  const rows = await db
    .selectFrom('certificationDecisions as d')
    .innerJoin('evaluations as e', 'e.id', 'd.evaluationId')
    .select(['d.decisionDate', 'd.levelId', 'd.levelStars'])
    .where('d.cbId', '=', row.cbId)
    .where('e.programmeId', '=', row.programmeId)
    .where('d.decision', '=', 'grant')
    .where('d.evaluationId', '!=', row.id)
    .execute();
  return rows.map((r) => ({ decisionDate: r.decisionDate, levelId: r.levelId, stars: r.levelStars }));
}

/** The newest version of the programme's certificate (versions point to their successor). */
async function currentCertificate(db: Executor, row: EvaluationRow) {
  const programme = await programmesRepository.get(db, row.cbId, row.programmeId);
  let id = programme?.certificateId ?? null;
  for (let hops = 0; id && hops < 100; hops++) {
    const cert = await db
      .selectFrom('certificates')
      .select(['id', 'version', 'status', 'statusReason', 'levelId', 'supersededById'])
      .where('cbId', '=', row.cbId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!cert) return null;
    if (!cert.supersededById) return cert;
    id = cert.supersededById;
  }
  return null;
}

async function linkCertificate(ctx: AppContext, row: EvaluationRow, certificateId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('evaluations')
      .set((eb) => ({ certificateId, version: eb('version', '+', 1), updatedAt: toInstant(ctx.clock()) }))
      .where('cbId', '=', row.cbId)
      .where('id', '=', row.id)
      .execute();
    await trx
      .updateTable('programmes')
      .set((eb) => ({ certificateId, version: eb('version', '+', 1) }))
      .where('cbId', '=', row.cbId)
      .where('id', '=', row.programmeId)
      .execute();
  });
}

const failure = (e: unknown, actions: string[]): NonNullable<DecisionResponse['certificate']> => {
  const err = e as { code?: string; message?: string };
  return {
    id: null,
    error: { code: err.code ?? 'certificate_not_updated', message: err.message ?? String(e) },
    actions,
  };
};

/** Suspensions a passed surveillance (or recertification) resolves. */
const RESOLVED_BY_GRANT = new Set([
  'surveillance_overdue',
  'surveillance_failed',
  'nonconformity_not_corrected',
]);

/**
 * A grant after the initial certification acts on the programme's certificate: a surveillance grant
 * records the surveillance (the next one falls due from the decision date); a level other than the
 * certificate's issues a new version (level change; the old one is superseded); a recertification grant
 * renews it (new validity from the decision, same original issue date); a suspension for surveillance
 * reasons is lifted. A recertification without a current certificate (expired, withdrawn) issues a new one.
 */
async function grantOnCertificate(
  ctx: AppContext,
  actor: Actor,
  row: EvaluationRow,
  decision: CertificationDecisionsTable,
  requestId: string,
): Promise<NonNullable<DecisionResponse['certificate']>> {
  const actions: string[] = [];
  try {
    let cert = await currentCertificate(ctx.db, row);
    const current = cert && (cert.status === 'active' || cert.status === 'suspended');
    if (!cert || !current) {
      if (row.stage === 'recertification') return await issueFor(ctx, actor, row, decision, requestId);
      return {
        id: cert?.id ?? null,
        error: {
          code: 'no_current_certificate',
          message: 'The programme has no valid or suspended certificate to act on.',
        },
        actions,
      };
    }
    const evaluation = JSON.parse(decision.documentJson) as Record<string, unknown>;
    if (cert.status === 'suspended' && RESOLVED_BY_GRANT.has(cert.statusReason ?? '')) {
      const restored = await restoreCertificate(
        ctx,
        actor,
        cert.id,
        { version: cert.version, note: `评价通过（${decision.decisionDate}）/ evaluation granted` },
        requestId,
      );
      cert = { ...cert, version: restored.version, status: 'active' };
      actions.push('restored');
    }
    let id = cert.id;
    if (row.stage === 'recertification') {
      const renewed = await renewCertificate(
        ctx,
        actor,
        cert.id,
        { version: cert.version, evaluation, decisionDate: decision.decisionDate },
        requestId,
      );
      id = renewed.id;
      actions.push('renewed');
    } else {
      if (row.engineStage === 'surveillance' && row.stage !== 'special') {
        const completedOn =
          row.plannedEnd && row.plannedEnd <= decision.decisionDate ? row.plannedEnd : decision.decisionDate;
        const recorded = await recordSurveillance(
          ctx,
          actor,
          cert.id,
          { version: cert.version, completedOn },
          requestId,
        );
        cert = { ...cert, version: recorded.version };
        actions.push('surveillanceRecorded');
      }
      if (decision.levelId && decision.levelId !== cert.levelId) {
        if (cert.status !== 'active') {
          actions.push('levelChangeBlockedWhileSuspended');
        } else {
          const revised = await reviseCertificate(
            ctx,
            actor,
            cert.id,
            {
              version: cert.version,
              reasonCode: 'level_change',
              evaluation,
              issueDate: decision.decisionDate,
            },
            requestId,
          );
          id = revised.id;
          actions.push('levelChanged');
        }
      }
    }
    await linkCertificate(ctx, row, id);
    return { id, error: null, actions };
  } catch (e) {
    return failure(e, actions);
  }
}

/**
 * A refusal on a surveillance or special evaluation starts the suspension path (certification.md §4,
 * gbt27922.md §7): the certificate is suspended for the scheme's suspension period with the reason
 * surveillance_failed; if it is not restored in time, the jobs propose its withdrawal.
 */
async function suspendOnRefusal(
  ctx: AppContext,
  actor: Actor,
  row: EvaluationRow,
  decision: CertificationDecisionsTable,
  requestId: string,
): Promise<NonNullable<DecisionResponse['certificate']>> {
  try {
    const cert = await currentCertificate(ctx.db, row);
    if (!cert || cert.status !== 'active') {
      return { id: cert?.id ?? null, error: null, actions: [] };
    }
    await suspendCertificate(
      ctx,
      actor,
      cert.id,
      {
        version: cert.version,
        reasonCode: 'surveillance_failed',
        note: `认证决定不予通过 / refused: ${decision.reasons ?? ''}`.slice(0, 2000),
      },
      requestId,
    );
    return { id: cert.id, error: null, actions: ['suspended'] };
  } catch (e) {
    return failure(e, []);
  }
}

/**
 * Issues the certificate from the frozen evaluation document (certificates module). A failure (say the
 * client's registry record lacks an address) leaves the decision standing and is reported with it; the
 * certificate can then be issued by hand from the same document.
 */
async function issueFor(
  ctx: AppContext,
  actor: Actor,
  row: EvaluationRow,
  decision: CertificationDecisionsTable,
  requestId: string,
): Promise<NonNullable<DecisionResponse['certificate']>> {
  try {
    const application = await ctx.db
      .selectFrom('programmes')
      .select('applicationId')
      .where('cbId', '=', row.cbId)
      .where('id', '=', row.programmeId)
      .executeTakeFirstOrThrow();
    const app = await applicationsRepository.get(ctx.db, row.cbId, application.applicationId);
    const registry = await clientsRepository.get(ctx.db, row.cbId, row.clientId);
    // The certificate covers the outlets in the application's scope (all of them, not only those sampled);
    // without a scope list, the sites evaluated.
    const inScope = app ? await outletsByIds(ctx.db, row.cbId, parseJson<string[]>(app.outletIds, [])) : [];
    const outlets = inScope.length
      ? inScope
          .filter((o) => o.status === 'active')
          .map((o) => ({ name: o.name, address: o.address ?? o.name }))
      : sitesOf(row)
          .filter((s) => s.kind === 'outlet')
          .map((s) => ({ name: s.name, address: s.address ?? s.name }));
    const issued = await issueCertificate(
      ctx,
      actor,
      {
        clientId: row.clientId,
        scheme: { urn: row.schemeUrn, version: row.schemeVersion },
        evaluation: JSON.parse(decision.documentJson) as Record<string, unknown>,
        scopeZh: app?.scopeZh ?? registry?.legalNameZh ?? '售后服务',
        ...(app?.scopeEn ? { scopeEn: app.scopeEn } : {}),
        sites: outlets,
        decisionDate: decision.decisionDate,
        confidential: false,
      },
      requestId,
    );
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('evaluations')
        .set({ certificateId: issued.id, version: row.version + 1, updatedAt: toInstant(ctx.clock()) })
        .where('cbId', '=', row.cbId)
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .execute();
      await trx
        .updateTable('programmes')
        .set((eb) => ({ certificateId: issued.id, version: eb('version', '+', 1) }))
        .where('cbId', '=', row.cbId)
        .where('id', '=', row.programmeId)
        .execute();
    });
    return { id: issued.id, error: null };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return {
      id: null,
      error: { code: err.code ?? 'certificate_not_issued', message: err.message ?? String(e) },
    };
  }
}

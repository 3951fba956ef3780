import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type { ChecklistEntryRow, EvaluationRow, FindingRow } from '../../db/schema.ts';
import {
  checklistRepository,
  decisionsRepository,
  findingsRepository,
} from '../../db/repositories/workflow.repository.ts';
import {
  parseEvaluationDocument,
  scoreEvaluation,
  type EvaluationDocument,
  type EvaluationResult,
} from '../../domain/scoring/index.ts';
import type { PublishedSchemeVersion } from '../../domain/schemes/index.ts';
import { schemeIndexOf } from '../../domain/schemes/tree.ts';
import {
  checkItemPhase,
  checklistFor,
  rollUpChecklists,
  type ChecklistEntry,
  type ChecklistItem,
} from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { surveyScoreInputs } from '../surveys/surveys.service.ts';
import { bonusesOf, exclusionsOf, sitesOf, type Bonus, type Exclusion } from './evaluation-records.ts';
import type {
  ChecklistEntryBody,
  ChecklistEntryResponse,
  ChecklistResponse,
  ChecklistResult,
  EvaluationResponse,
  SpecialsBody,
} from './evaluations.contract.ts';
import {
  expectVersion,
  getEvaluation,
  pinnedScheme,
  requireState,
  requireTeamMember,
  saveEvaluation,
  visibleEvaluation,
} from './evaluations.service.ts';
import { auditCtx, parseJson, refused } from './workflow-support.ts';
import { approvedVisitSamples } from '../mystery-visits/mystery-visits.samples.ts';

const en = (t: { zh: string; en?: string | undefined }) => ({ zh: t.zh, en: t.en ?? t.zh });

const itemCache = new WeakMap<object, Map<string, Map<string, ChecklistItem>>>();
/** The checklist items of a kind of site, by node code (memoised per scheme package). */
function checklistItems(scheme: PublishedSchemeVersion, kind: 'headquarters' | 'outlet') {
  let byKind = itemCache.get(scheme.package);
  if (!byKind) itemCache.set(scheme.package, (byKind = new Map()));
  let items = byKind.get(kind);
  if (!items) byKind.set(kind, (items = new Map(checklistFor(scheme.package, kind).map((i) => [i.node, i]))));
  return items;
}

// ── checklist ───────────────────────────────────────────────────────────────────────────────────────

function presentEntry(
  scheme: PublishedSchemeVersion,
  kindOf: (siteId: string) => 'headquarters' | 'outlet',
  e: ChecklistEntryRow,
  findings: FindingRow[],
): ChecklistEntryResponse {
  const node = schemeIndexOf(scheme.package).byCode.get(e.node)?.node;
  const item = checklistItems(scheme, kindOf(e.siteId)).get(e.node);
  return {
    id: e.id,
    siteId: e.siteId,
    node: e.node,
    title: node ? en(node.title) : { zh: e.node, en: e.node },
    points: node?.points ?? 0,
    method: e.method,
    technique: item?.technique ?? 'documentReview',
    guidance: node?.guidance?.map(en),
    excludable: node?.excludable === true,
    provisional: node?.provisional === true,
    result: parseJson<ChecklistResult | null>(e.result, null),
    note: e.note,
    evidence: parseJson<string[]>(e.evidence, []),
    findings: findings
      .filter((f) => f.node === e.node && (f.siteId === null || f.siteId === e.siteId))
      .map((f) => ({ id: f.id, number: f.number, severity: f.severity, state: f.state })),
    updatedBy: e.updatedByName,
    updatedAt: e.updatedAt,
    version: e.version,
  };
}

export async function getChecklist(
  ctx: AppContext,
  actor: Actor,
  id: string,
  siteId?: string,
): Promise<ChecklistResponse> {
  requirePermission(actor, 'evaluations.read');
  const row = await visibleEvaluation(ctx.db, actor, id);
  const scheme = await pinnedScheme(ctx.db, row);
  const sites = sitesOf(row).filter((s) => !siteId || s.id === siteId);
  if (siteId && !sites.length) throw notFound('Site');
  const entries = await checklistRepository.ofEvaluation(ctx.db, row.cbId, row.id, siteId);
  const findings = await findingsRepository.ofEvaluation(ctx.db, row.cbId, row.id);
  const kinds = new Map(sitesOf(row).map((s) => [s.id, s.kind]));
  const kindOf = (s: string) => kinds.get(s) ?? 'outlet';
  return {
    evaluationId: row.id,
    sites: sites.map((site) => {
      const items = entries
        .filter((e) => e.siteId === site.id)
        .map((e) => presentEntry(scheme, kindOf, e, findings));
      return { site, answered: items.filter((i) => i.result !== null).length, total: items.length, items };
    }),
  };
}

function checkResult(method: string, result: ChecklistResult) {
  if (result.method !== method) {
    throw refused('method_mismatch', `This item is scored by ${method}; send a ${method} result.`, {
      path: 'result.method',
      expected: method,
    });
  }
  if (result.method === 'sampled' && result.conforming > result.checked) {
    throw refused('conforming_exceeds_checked', 'More conforming samples than samples checked.', {
      path: 'result.conforming',
    });
  }
}

/**
 * Records one checklist item at one site. Each item has its own version: two people working on the same
 * evaluation never overwrite each other, and a stale edit of the same item answers 409 version_conflict.
 */
export async function updateChecklistEntry(
  ctx: AppContext,
  actor: Actor,
  entryId: string,
  body: ChecklistEntryBody,
  requestId: string,
): Promise<ChecklistEntryResponse> {
  requirePermission(actor, 'evaluations.conduct');
  const out = await ctx.db.transaction().execute(async (trx) => {
    const entry = await checklistRepository.get(trx, actor.cbId, entryId);
    if (!entry) throw notFound('Checklist item');
    const row = await visibleEvaluation(trx, actor, entry.evaluationId);
    if (entry.version !== body.version) throw versionConflict('checklist item', entry.version);
    requireState(row, ['inProgress'], 'recording results');
    await requireTeamMember(trx, actor, row);
    if (body.result) checkResult(entry.method, body.result);
    // Document review, then on site: on-site items wait until the lead completes the document review.
    const kind = sitesOf(row).find((s) => s.id === entry.siteId)?.kind ?? 'outlet';
    const technique =
      checklistItems(await pinnedScheme(trx, row), kind).get(entry.node)?.technique ?? 'documentReview';
    checkItemPhase(row, kind, technique);
    const changes = {
      ...(body.result !== undefined
        ? { result: body.result === null ? null : JSON.stringify(body.result) }
        : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.evidence !== undefined ? { evidence: JSON.stringify(body.evidence) } : {}),
      updatedBy: actor.userId,
      updatedByName: actor.displayName,
      updatedAt: toInstant(ctx.clock()),
    };
    if (!(await checklistRepository.update(trx, actor.cbId, entry.id, body.version, changes))) {
      // Someone else's edit of this item committed first (PostgreSQL: we waited for it).
      throw versionConflict(
        'checklist item',
        (await checklistRepository.get(trx, actor.cbId, entry.id))?.version,
      );
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'checklist.record',
      entityType: 'checklistEntry',
      entityId: entry.id,
      before: {
        evaluationId: row.id,
        site: entry.siteId,
        node: entry.node,
        result: parseJson(entry.result, null),
      },
      after: {
        evaluationId: row.id,
        site: entry.siteId,
        node: entry.node,
        result: body.result !== undefined ? body.result : parseJson(entry.result, null),
        evidence: body.evidence?.length ?? undefined,
      },
    });
    return { row, entry: (await checklistRepository.get(trx, actor.cbId, entry.id))! };
  });
  const scheme = await pinnedScheme(ctx.db, out.row);
  const kinds = new Map(sitesOf(out.row).map((s) => [s.id, s.kind]));
  const findings = await findingsRepository.ofEvaluation(ctx.db, out.row.cbId, out.row.id);
  return presentEntry(scheme, (s) => kinds.get(s) ?? 'outlet', out.entry, findings);
}

// ── exclusions and special bonus ────────────────────────────────────────────────────────────────────

export async function setSpecials(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: SpecialsBody,
  requestId: string,
): Promise<EvaluationResponse> {
  requirePermission(actor, 'evaluations.conduct');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleEvaluation(trx, actor, id);
    expectVersion(row, body.version);
    requireState(row, ['inProgress'], 'exclusions and special items');
    await requireTeamMember(trx, actor, row);
    const scheme = await pinnedScheme(trx, row);
    const index = schemeIndexOf(scheme.package);
    const seen = new Set<string>();
    body.exclusions.forEach((x, i) => {
      const node = index.byCode.get(x.node) ?? index.byUrn.get(x.node);
      if (!node)
        throw refused('unknown_node', `No item ${x.node} in the scheme.`, { path: `exclusions[${i}].node` });
      if (node.node.excludable !== true) {
        throw refused('not_excludable', `Item ${x.node} may not be excluded (6.2.2).`, {
          path: `exclusions[${i}].node`,
        });
      }
      if (seen.has(node.node.code)) {
        throw refused('duplicate_exclusion', `Item ${x.node} is excluded twice.`, {
          path: `exclusions[${i}].node`,
        });
      }
      seen.add(node.node.code);
    });
    const maxBonus = scheme.package.policies.scoring.specialBonus.maxCount;
    if (body.bonuses.length > maxBonus) {
      throw refused('too_many_bonuses', `At most ${maxBonus} special bonus item(s).`, { path: 'bonuses' });
    }
    body.bonuses.forEach((b, i) => {
      if (b.node && !index.byCode.get(b.node) && !index.byUrn.get(b.node)) {
        throw refused('unknown_node', `No item ${b.node} in the scheme.`, { path: `bonuses[${i}].node` });
      }
    });
    const exclusions: Exclusion[] = body.exclusions.map((x) => ({
      node: index.byCode.get(x.node)?.node.code ?? index.byUrn.get(x.node)!.node.code,
      justification: x.justification,
      approvedBy: actor.displayName,
    }));
    const bonuses: Bonus[] = body.bonuses.map((b, i) => ({
      id: `SB-${i + 1}`,
      justification: b.justification,
      ...(b.node ? { node: b.node } : {}),
    }));
    await saveEvaluation(trx, row, {
      exclusions: JSON.stringify(exclusions),
      bonuses: JSON.stringify(bonuses),
      updatedAt: toInstant(ctx.clock()),
    });
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'evaluation.specials',
      entityType: 'evaluation',
      entityId: row.id,
      before: { exclusions: exclusionsOf(row), bonuses: bonusesOf(row) },
      after: { exclusions, bonuses },
    });
  });
  return getEvaluation(ctx, actor, id);
}

// ── the engine's evaluation document and the live score ─────────────────────────────────────────────

const findingRef = (f: Pick<FindingRow, 'number'>) => `F-${f.number}`;

/**
 * Rolls the checklists up into the engine's evaluation document: each outlet's answer is named after the
 * outlet (`ref`), special deductions come from the special-deduction findings, exclusions and the bonus
 * from the evaluation.
 */
export async function buildDocument(
  db: Executor,
  row: EvaluationRow,
  scheme: PublishedSchemeVersion,
): Promise<EvaluationDocument> {
  const entries = await checklistRepository.ofEvaluation(db, row.cbId, row.id);
  const findings = await findingsRepository.ofEvaluation(db, row.cbId, row.id);
  const sites = sitesOf(row);
  const answered: ChecklistEntry[] = entries.flatMap((e) => {
    const result = parseJson<ChecklistResult | null>(e.result, null);
    if (!result) return [];
    const evidence = parseJson<string[]>(e.evidence, []);
    return [
      {
        siteId: e.siteId,
        node: e.node,
        ...(evidence.length ? { evidence } : {}),
        ...(e.note ? { note: e.note } : {}),
        ...result,
      } as ChecklistEntry,
    ];
  });
  const doc = rollUpChecklists(scheme.package, {
    scheme: { urn: row.schemeUrn, version: row.schemeVersion, contentHash: row.schemeContentHash },
    evaluationId: row.id,
    stage: row.engineStage,
    sites: sites.map((s) => ({ id: s.id, kind: s.kind, code: s.code })),
    entries: answered,
    exclusions: exclusionsOf(row),
    specialDeductions: findings
      .filter((f) => f.severity === 'specialDeduction')
      .map((f) => ({
        id: `SD-${f.number}`,
        category: f.category ?? 'serviceSystem',
        finding: findingRef(f),
        description: f.description,
        node: f.node,
      })),
    specialBonuses: bonusesOf(row),
    // Approved mystery visits: their samples frozen at approval (issue 7).
    extraSamples: [...(await approvedVisitSamples(db, row.cbId, row.id))],
    // Survey campaigns: the satisfaction item's value, margin of error and responses (issue 8).
    ...(await surveyScoreInputs(db, row)),
  });
  return parseEvaluationDocument(doc);
}

export async function liveResult(
  ctx: AppContext,
  db: Executor,
  row: EvaluationRow,
): Promise<{ document: EvaluationDocument; result: EvaluationResult; scheme: PublishedSchemeVersion }> {
  const scheme = await pinnedScheme(db, row);
  const document = await buildDocument(db, row, scheme);
  return { document, result: scoreEvaluation(scheme, document), scheme };
}

/** The live score from the engine: the checklists as they stand, with the trace naming each outlet. */
export async function getLiveScore(ctx: AppContext, actor: Actor, id: string): Promise<EvaluationResult> {
  requirePermission(actor, 'evaluations.read');
  const row = await visibleEvaluation(ctx.db, actor, id);
  return (await liveResult(ctx, ctx.db, row)).result;
}

/**
 * The evaluation as the engine's evaluation document: `starmark score` on it gives the same result. A
 * decided evaluation answers the document frozen with its decision.
 */
export async function exportDocument(ctx: AppContext, actor: Actor, id: string): Promise<EvaluationDocument> {
  requirePermission(actor, 'evaluations.read');
  const row = await visibleEvaluation(ctx.db, actor, id);
  if (row.state === 'decided') {
    const frozen = (await decisionsRepository.ofEvaluation(ctx.db, row.cbId, row.id)).at(-1);
    if (frozen) return JSON.parse(frozen.documentJson) as EvaluationDocument;
  }
  return (await liveResult(ctx, ctx.db, row)).document;
}

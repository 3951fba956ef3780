import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import type { EvaluationRow, EvaluationsTable, OutletRow } from '../../db/schema.ts';
import { evaluationsRepository } from '../../db/repositories/workflow.repository.ts';
import type { OutletSample } from '../../domain/sampling/index.ts';
import type { EvidenceTechnique } from '../../domain/schemes/package-schema.ts';
import type { TeamRole } from '../../domain/workflow/index.ts';
import { toInstant } from '../../db/time.ts';
import { parseJson } from './workflow-support.ts';

/** Headquarters is always site `HQ`; an outlet's site id is the outlet id. */
export const HQ_SITE = 'HQ';

export interface EvaluationSite {
  id: string;
  kind: 'headquarters' | 'outlet';
  outletId: string | null;
  code: string;
  name: string;
  address: string | null;
  reason: 'headquarters' | 'risk' | 'random' | 'manual';
  why: { zh: string; en: string };
}

export interface TeamMember {
  personnelId: string;
  role: TeamRole;
  name: string;
  userId: string | null;
}

export interface Exclusion {
  node: string;
  justification: string;
  approvedBy?: string;
}

export interface Bonus {
  id: string;
  justification: string;
  node?: string;
}

export const sitesOf = (row: EvaluationRow) => parseJson<EvaluationSite[]>(row.sites, []);
export const teamOf = (row: EvaluationRow) => parseJson<TeamMember[]>(row.team, []);
export const techniquesOf = (row: EvaluationRow) =>
  parseJson<Record<string, EvidenceTechnique[]>>(row.techniques, {});
export const exclusionsOf = (row: EvaluationRow) => parseJson<Exclusion[]>(row.exclusions, []);
export const bonusesOf = (row: EvaluationRow) => parseJson<Bonus[]>(row.bonuses, []);

/** The team in the shape of the workflow rules (lead and everyone else). */
export const teamRule = (row: EvaluationRow) => {
  const team = teamOf(row);
  return {
    leadId: row.leadId ?? '',
    memberIds: team.filter((m) => m.personnelId !== row.leadId).map((m) => m.personnelId),
  };
};

export function headquartersSite(client: { name: string; address: string | null }): EvaluationSite {
  return {
    id: HQ_SITE,
    kind: 'headquarters',
    outletId: null,
    code: HQ_SITE,
    name: client.name,
    address: client.address,
    reason: 'headquarters',
    why: { zh: '总部每次评价必到', en: 'Headquarters is evaluated every time' },
  };
}

export function outletSite(
  outlet: Pick<OutletRow, 'id' | 'code' | 'name' | 'address'>,
  reason: EvaluationSite['reason'],
  why: EvaluationSite['why'],
): EvaluationSite {
  return {
    id: outlet.id,
    kind: 'outlet',
    outletId: outlet.id,
    code: outlet.code,
    name: outlet.name,
    address: outlet.address,
    reason,
    why,
  };
}

/** The outlets to visit: the engine's selections, less those removed, plus those added by hand. */
export function finalSample(
  sample: OutletSample,
  changes: readonly { outletId: string; action: 'add' | 'remove'; justification: string }[],
): { outletId: string; reason: EvaluationSite['reason']; why: EvaluationSite['why'] }[] {
  const removed = new Map(changes.filter((c) => c.action === 'remove').map((c) => [c.outletId, c]));
  const out: { outletId: string; reason: EvaluationSite['reason']; why: EvaluationSite['why'] }[] = [];
  const seen = new Set<string>();
  for (const s of sample.selections) {
    if (s.reason === 'headquarters' || removed.has(s.outletId) || seen.has(s.outletId)) continue;
    seen.add(s.outletId);
    out.push({ outletId: s.outletId, reason: s.reason, why: { zh: s.why.zh, en: s.why.en ?? s.why.zh } });
  }
  for (const c of changes) {
    if (c.action !== 'add' || seen.has(c.outletId)) continue;
    seen.add(c.outletId);
    out.push({
      outletId: c.outletId,
      reason: 'manual',
      why: { zh: `人工增加：${c.justification}`, en: `Added by hand: ${c.justification}` },
    });
  }
  return out;
}

export async function outletsByIds(db: Executor, cbId: string, ids: readonly string[]): Promise<OutletRow[]> {
  const rows: OutletRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (!chunk.length) continue;
    rows.push(
      ...(await db
        .selectFrom('outlets')
        .selectAll()
        .where('cbId', '=', cbId)
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

export const engineStageOf = (stage: string): EvaluationsTable['engineStage'] =>
  stage === 'initial' ? 'initial' : stage === 'recertification' ? 'recertification' : 'surveillance';

/** A new evaluation, planned, on the pinned scheme version. */
export async function insertEvaluation(
  db: Executor,
  input: {
    id?: string;
    cbId: string;
    programmeId: string;
    clientId: string;
    stage: string;
    reason: string | null;
    scheme: { urn: string; version: string; contentHash: string };
    sites: EvaluationSite[];
    sample: OutletSample | null;
    techniques: Record<string, EvidenceTechnique[]>;
    now: Date;
  },
): Promise<EvaluationsTable> {
  const at = toInstant(input.now);
  const row: EvaluationsTable = {
    id: input.id ?? randomUUID(),
    cbId: input.cbId,
    programmeId: input.programmeId,
    clientId: input.clientId,
    stage: input.stage,
    engineStage: engineStageOf(input.stage),
    reason: input.reason,
    state: 'planned',
    schemeUrn: input.scheme.urn,
    schemeVersion: input.scheme.version,
    schemeContentHash: input.scheme.contentHash,
    leadId: null,
    team: '[]',
    plannedStart: null,
    plannedEnd: null,
    sites: JSON.stringify(input.sites),
    sampleJson: input.sample ? JSON.stringify(input.sample) : null,
    techniques: JSON.stringify(input.techniques),
    exclusions: '[]',
    bonuses: '[]',
    planSentAt: null,
    startedAt: null,
    documentReviewCompletedAt: null,
    documentReviewCompletedBy: null,
    submittedAt: null,
    submittedBy: null,
    reviewedAt: null,
    decidedAt: null,
    certificateId: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await evaluationsRepository.create(db, row);
  return row;
}

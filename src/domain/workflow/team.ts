import { addDays, type IsoDate } from './dates.ts';
import type { WorkflowPolicy } from './policy.ts';

export type TeamRole = 'lead' | 'evaluator' | 'expert';

export interface Candidate {
  personId: string;
  name: string;
  qualifications: readonly { scheme: string; role: TeamRole; validUntil: IsoDate }[];
  industryCodes: readonly string[];
  declarations: readonly { clientId: string; kind: string; from: IsoDate; to: IsoDate | null }[];
}

export interface AssignmentContext {
  scheme: string;
  clientId: string;
  /** GB/T 4754 code of the client's industry; a candidate's code covers it when it is a prefix. */
  industryCode: string | null;
  date: IsoDate;
  /** Leads of this client's earlier cycles, most recent last. */
  previousLeads: readonly string[];
}

export interface AssignmentBlock {
  code:
    | 'no_qualification'
    | 'qualification_expired'
    | 'no_industry_competence'
    | 'impartiality_conflict'
    | 'rotation_limit';
  reason: { zh: string; en: string };
}

/**
 * Whether a person may take a role on an evaluation team, and exactly why not: a valid qualification
 * for the scheme and role on the evaluation date, competence in the client's industry, no consulting or
 * employment relationship with the client within the impartiality period, and rotation of the lead.
 */
export function checkAssignment(
  candidate: Candidate,
  role: TeamRole,
  ctx: AssignmentContext,
  policy: WorkflowPolicy['team'],
): { allowed: boolean; blocks: AssignmentBlock[] } {
  const blocks: AssignmentBlock[] = [];
  // A lead's qualification also covers evaluator work.
  const fits = candidate.qualifications.filter(
    (q) => q.scheme === ctx.scheme && (q.role === role || (role === 'evaluator' && q.role === 'lead')),
  );
  if (fits.length === 0) {
    blocks.push({
      code: 'no_qualification',
      reason: {
        zh: `${candidate.name} 没有本方案的${roleZh[role]}资格`,
        en: `${candidate.name} holds no ${role} qualification for this scheme`,
      },
    });
  } else if (!fits.some((q) => q.validUntil >= ctx.date)) {
    const last = fits
      .map((q) => q.validUntil)
      .sort()
      .at(-1)!;
    blocks.push({
      code: 'qualification_expired',
      reason: {
        zh: `${candidate.name} 的${roleZh[role]}资格已于 ${last} 到期`,
        en: `${candidate.name}'s ${role} qualification expired on ${last}`,
      },
    });
  }
  if (policy.requireIndustryCompetence && role !== 'expert' && ctx.industryCode) {
    const covered = candidate.industryCodes.some((c) => ctx.industryCode!.startsWith(c));
    if (!covered) {
      blocks.push({
        code: 'no_industry_competence',
        reason: {
          zh: `${candidate.name} 不具备行业代码 ${ctx.industryCode} 的专业能力`,
          en: `${candidate.name} has no competence for industry ${ctx.industryCode}`,
        },
      });
    }
  }
  const since = addDays(ctx.date, -Math.round(policy.impartialityYears * 365.25));
  const conflict = candidate.declarations.find(
    (d) => d.clientId === ctx.clientId && (d.to === null || d.to >= since),
  );
  if (conflict) {
    blocks.push({
      code: 'impartiality_conflict',
      reason: {
        zh: `${candidate.name} 与该企业存在${conflict.kind}关系（${conflict.from} 至 ${conflict.to ?? '今'}），${policy.impartialityYears} 年内不得参与评价`,
        en: `${candidate.name} had a ${conflict.kind} relationship with the client (${conflict.from} to ${conflict.to ?? 'now'}); barred for ${policy.impartialityYears} years`,
      },
    });
  }
  if (role === 'lead') {
    let run = 0;
    for (let i = ctx.previousLeads.length - 1; i >= 0 && ctx.previousLeads[i] === candidate.personId; i--)
      run++;
    if (run >= policy.maxConsecutiveCyclesAsLead) {
      blocks.push({
        code: 'rotation_limit',
        reason: {
          zh: `${candidate.name} 已连续 ${run} 个周期担任组长（上限 ${policy.maxConsecutiveCyclesAsLead}）`,
          en: `${candidate.name} has led ${run} consecutive cycles (limit ${policy.maxConsecutiveCyclesAsLead})`,
        },
      });
    }
  }
  return { allowed: blocks.length === 0, blocks };
}

const roleZh: Record<TeamRole, string> = { lead: '评价组长', evaluator: '评价员', expert: '技术专家' };

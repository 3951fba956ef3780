import { addDays, addMonths, addYears, type IsoDate } from './dates.ts';
import type { WorkflowPolicy } from './policy.ts';

export const CYCLE_STAGES = ['initial', 'surveillance1', 'surveillance2', 'recertification'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number] | `surveillance${number}`;

export interface ProgrammeEvent {
  stage: CycleStage;
  /** Due on or before this date. */
  dueBy: IsoDate;
  why: { zh: string; en: string };
}

export interface ProgrammeSchedule {
  decisionDate: IsoDate;
  issueDate: IsoDate;
  expiryDate: IsoDate;
  events: ProgrammeEvent[];
}

/**
 * The 3-year cycle from a certification decision: surveillance within N months of issue and then at
 * most M months apart, recertification applied for K months before expiry. The certificate is issued
 * on the decision date.
 */
export function planProgramme(decisionDate: IsoDate, policy: WorkflowPolicy['programme']): ProgrammeSchedule {
  const issueDate = decisionDate;
  const expiryDate = addDays(addYears(issueDate, policy.validityYears), -1);
  const events: ProgrammeEvent[] = [];
  let previous = issueDate;
  for (let i = 1; i <= policy.surveillanceCount; i++) {
    const months = i === 1 ? policy.firstSurveillanceWithinMonths : policy.surveillanceMaxIntervalMonths;
    const dueBy = addMonths(previous, months);
    events.push({
      stage: `surveillance${i}`,
      dueBy,
      why:
        i === 1
          ? {
              zh: `发证后 ${months} 个月内进行第一次监督评价`,
              en: `first surveillance within ${months} months of issue`,
            }
          : {
              zh: `距上次监督不超过 ${months} 个月`,
              en: `at most ${months} months after the previous surveillance`,
            },
    });
    previous = dueBy;
  }
  events.push({
    stage: 'recertification',
    dueBy: addMonths(expiryDate, -policy.recertApplyMonthsBeforeExpiry),
    why: {
      zh: `证书到期前 ${policy.recertApplyMonthsBeforeExpiry} 个月申请再认证`,
      en: `recertification applied for ${policy.recertApplyMonthsBeforeExpiry} months before expiry`,
    },
  });
  return { decisionDate, issueDate, expiryDate, events };
}

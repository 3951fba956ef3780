import { monthsBetween, type IsoDate } from './dates.ts';
import type { WorkflowPolicy } from './policy.ts';

export interface EligibilityInput {
  /** When the after-sales service system began to operate. */
  systemOperatingSince: IsoDate | null;
  /** Business licence valid (legal status). */
  legalStatusValid: boolean;
  /** Certified service managers on the roster. */
  managersOnRoster: number;
  today: IsoDate;
}

export interface EligibilityCheck {
  code: 'system_operating_period' | 'legal_status' | 'manager_roster';
  passed: boolean;
  reason: { zh: string; en: string };
}

/** The application's eligibility checks, each with its reason in Chinese and English. */
export function checkEligibility(
  input: EligibilityInput,
  policy: WorkflowPolicy['eligibility'],
): {
  eligible: boolean;
  checks: EligibilityCheck[];
} {
  const checks: EligibilityCheck[] = [];
  const min = policy.minMonthsOperating;
  if (min > 0) {
    const months = input.systemOperatingSince ? monthsBetween(input.systemOperatingSince, input.today) : null;
    const passed = months !== null && months >= min;
    checks.push({
      code: 'system_operating_period',
      passed,
      reason:
        months === null
          ? {
              zh: `未填写售后服务体系运行起始日期（须运行满 ${min} 个月）`,
              en: `Start of the after-sales service system not given (must have operated ${min} months)`,
            }
          : passed
            ? {
                zh: `售后服务体系已运行 ${months} 个月（要求 ≥ ${min}）`,
                en: `The system has operated ${months} months (≥ ${min} required)`,
              }
            : {
                zh: `售后服务体系仅运行 ${months} 个月，须满 ${min} 个月`,
                en: `The system has operated only ${months} months; ${min} are required`,
              },
    });
  }
  if (policy.requireLegalStatus) {
    checks.push({
      code: 'legal_status',
      passed: input.legalStatusValid,
      reason: input.legalStatusValid
        ? { zh: '营业执照等法律地位证明有效', en: 'Legal status (business licence) is valid' }
        : { zh: '缺少有效的营业执照等法律地位证明', en: 'No valid proof of legal status (business licence)' },
    });
  }
  if (policy.requireManagerRoster) {
    const passed = input.managersOnRoster > 0;
    checks.push({
      code: 'manager_roster',
      passed,
      reason: passed
        ? {
            zh: `已提交售后服务管理师名册（${input.managersOnRoster} 人）`,
            en: `Service manager roster present (${input.managersOnRoster})`,
          }
        : { zh: '未提交售后服务管理师名册', en: 'No certified service manager roster' },
    });
  }
  return { eligible: checks.every((c) => c.passed), checks };
}

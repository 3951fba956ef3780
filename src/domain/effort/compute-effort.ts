/**
 * Evaluation effort in person-days (人日): a base by enterprise size from the scheme's table, plus time per
 * visited outlet (at least the policy's per-outlet value, optionally by outlet headcount), times the stage
 * fraction (surveillance, recertification), rounded to the policy's step (half days), then manual
 * adjustments, each with a justification. Returns the inputs, every intermediate value and the reasons.
 */
import { DomainError, type DomainIssue } from '../errors.ts';
import { Rational } from '../schemes/exact.ts';
import type { AuditStage, EffortPolicy, LocalizedText } from '../schemes/package-schema.ts';

export interface EffortInput {
  stage: AuditStage;
  /** Give the size id of the base table, or the number of employees to look it up. */
  enterprise: { size?: string; employees?: number };
  /** Visited outlets: a count, or a list (with headcount when the policy has a headcount table). */
  visitedOutlets: number | readonly { id: string; staff?: number }[];
  adjustments?: readonly { personDays: number; justification: string }[];
}

export interface EffortResult {
  inputs: EffortInput;
  base: { size: string; title: LocalizedText; maxEmployees: number | null; personDays: number };
  outlets: {
    count: number;
    personDays: number;
    perOutlet: { id: string | null; staff: number | null; personDays: number }[];
  };
  stageFraction: { stage: AuditStage; fraction: string; appliesTo: 'base' | 'total' };
  /** Before rounding, exact ("a/b") and as a number. */
  beforeRounding: { exact: string; personDays: number };
  rounding: { step: string; mode: string };
  rounded: number;
  adjustments: { personDays: number; justification: string }[];
  adjustmentTotal: number;
  /** The effort to plan, in person-days. */
  personDays: number;
  justification: LocalizedText[];
}

const fmt = (r: Rational): string => {
  const six = r.round(6, 'halfUp');
  return six.eq(r) ? trim(r.toFixed(6)) : `≈${trim(r.round(3, 'halfUp').toFixed(3))}`;
};
const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

/**
 * @throws DomainError `enterprise_size_missing`, `unknown_enterprise_size`, `invalid_count`,
 *   `adjustment_justification_missing`, `effort_not_positive` — each naming the field.
 */
export function computeEffortPersonDays(policy: EffortPolicy, input: EffortInput): EffortResult {
  const issues: DomainIssue[] = [];
  const table = policy.baseTable;

  let row: EffortPolicy['baseTable'][number] | undefined;
  if (input.enterprise.size !== undefined) {
    row = table.find((r) => r.size === input.enterprise.size);
    if (!row) {
      issues.push({
        code: 'unknown_enterprise_size',
        path: 'enterprise.size',
        message: `Unknown size "${input.enterprise.size}"; expected one of ${table.map((r) => r.size).join(', ')}`,
      });
    }
  } else if (input.enterprise.employees !== undefined) {
    const e = input.enterprise.employees;
    if (!Number.isSafeInteger(e) || e < 0) {
      issues.push({
        code: 'invalid_count',
        path: 'enterprise.employees',
        message: 'employees must be a whole number ≥ 0',
      });
    } else row = table.find((r) => r.maxEmployees === undefined || e <= r.maxEmployees);
  } else {
    issues.push({
      code: 'enterprise_size_missing',
      path: 'enterprise',
      message: 'Give enterprise.size or enterprise.employees',
    });
  }

  const list = typeof input.visitedOutlets === 'number' ? null : input.visitedOutlets;
  const count = list ? list.length : (input.visitedOutlets as number);
  if (!Number.isSafeInteger(count) || count < 0) {
    issues.push({
      code: 'invalid_count',
      path: 'visitedOutlets',
      message: 'visitedOutlets must be a whole number ≥ 0',
    });
  }
  list?.forEach((o, i) => {
    if (o.staff !== undefined && (!Number.isSafeInteger(o.staff) || o.staff < 0)) {
      issues.push({
        code: 'invalid_count',
        path: `visitedOutlets[${i}].staff`,
        message: 'staff must be a whole number ≥ 0',
      });
    }
  });
  (input.adjustments ?? []).forEach((a, i) => {
    if (!a.justification || a.justification.trim() === '') {
      issues.push({
        code: 'adjustment_justification_missing',
        path: `adjustments[${i}].justification`,
        message: 'Every manual adjustment needs a justification',
      });
    }
    if (!Number.isFinite(a.personDays)) {
      issues.push({
        code: 'invalid_number',
        path: `adjustments[${i}].personDays`,
        message: 'personDays must be a number',
      });
    }
  });
  if (issues.length > 0 || !row) throw DomainError.fromIssues(issues, 'The effort cannot be computed');

  const justification: LocalizedText[] = [];
  const base = Rational.from(row.personDays);
  justification.push({
    zh: `基础人日（${row.title.zh}）：${fmt(base)}`,
    en: `Base person-days (${row.title.en ?? row.size}): ${fmt(base)}`,
  });

  // outlets
  const minPer = Rational.from(policy.perOutlet.personDays);
  const bands = policy.perOutlet.byHeadcount;
  const perOutlet = (
    list ??
    Array.from({ length: count }, () => ({
      id: null as string | null,
      staff: undefined as number | undefined,
    }))
  ).map((o) => {
    let days = minPer;
    if (bands && o.staff !== undefined) {
      const band = bands.find((b) => b.maxStaff === undefined || o.staff! <= b.maxStaff);
      if (band) days = Rational.from(band.personDays).max(minPer);
    }
    return { id: o.id ?? null, staff: o.staff ?? null, days };
  });
  const outletDays = perOutlet.reduce((acc, o) => acc.add(o.days), Rational.ZERO);
  justification.push({
    zh: `网点人日：${count} 个抽样网点，每个至少 ${fmt(minPer)}${bands ? '（按网点人数分档）' : ''}，共 ${fmt(outletDays)}`,
    en: `Outlet person-days: ${count} visited outlet(s), at least ${fmt(minPer)} each${bands ? ' (by outlet headcount)' : ''}, total ${fmt(outletDays)}`,
  });

  // stage fraction
  const fraction = Rational.from(policy.stageFractions[input.stage]);
  const before =
    policy.fractionAppliesTo === 'base'
      ? base.mul(fraction).add(outletDays)
      : base.add(outletDays).mul(fraction);
  justification.push(
    policy.fractionAppliesTo === 'base'
      ? {
          zh: `阶段系数（${input.stage}）${fraction.toString()} 作用于基础人日：${fmt(base)} × ${fraction.toString()} + ${fmt(outletDays)} = ${fmt(before)}`,
          en: `Stage fraction (${input.stage}) ${fraction.toString()} applied to the base: ${fmt(base)} × ${fraction.toString()} + ${fmt(outletDays)} = ${fmt(before)}`,
        }
      : {
          zh: `阶段系数（${input.stage}）${fraction.toString()} 作用于合计：(${fmt(base)} + ${fmt(outletDays)}) × ${fraction.toString()} = ${fmt(before)}`,
          en: `Stage fraction (${input.stage}) ${fraction.toString()} applied to the total: (${fmt(base)} + ${fmt(outletDays)}) × ${fraction.toString()} = ${fmt(before)}`,
        },
  );

  const step = Rational.from(policy.rounding.step);
  const rounded = before.roundToStep(step, policy.rounding.mode);
  justification.push({
    zh: `按 ${fmt(step)} 人日舍入（${policy.rounding.mode}）：${fmt(before)} → ${fmt(rounded)}`,
    en: `Rounded to ${fmt(step)} person-day steps (${policy.rounding.mode}): ${fmt(before)} → ${fmt(rounded)}`,
  });

  const adjustments = (input.adjustments ?? []).map((a) => ({
    personDays: a.personDays,
    justification: a.justification,
  }));
  const adjTotal = adjustments.reduce((acc, a) => acc.add(Rational.from(a.personDays)), Rational.ZERO);
  for (const a of adjustments) {
    justification.push({
      zh: `人工调整 ${a.personDays > 0 ? '+' : ''}${a.personDays} 人日：${a.justification}`,
      en: `Manual adjustment ${a.personDays > 0 ? '+' : ''}${a.personDays} person-day(s): ${a.justification}`,
    });
  }
  const total = rounded.add(adjTotal);
  if (!total.gt(Rational.ZERO)) {
    throw new DomainError(
      'effort_not_positive',
      `The effort after adjustments is ${fmt(total)} person-days; it must be > 0`,
      {
        details: { path: 'adjustments' },
      },
    );
  }
  justification.push({ zh: `合计 ${fmt(total)} 人日`, en: `Total ${fmt(total)} person-days` });

  return {
    inputs: input,
    base: {
      size: row.size,
      title: row.title,
      maxEmployees: row.maxEmployees ?? null,
      personDays: base.toNumber(),
    },
    outlets: {
      count,
      personDays: outletDays.toNumber(),
      perOutlet: perOutlet.map((o) => ({ id: o.id, staff: o.staff, personDays: o.days.toNumber() })),
    },
    stageFraction: { stage: input.stage, fraction: fraction.toString(), appliesTo: policy.fractionAppliesTo },
    beforeRounding: { exact: before.toString(), personDays: before.toNumber() },
    rounding: { step: step.toString(), mode: policy.rounding.mode },
    rounded: rounded.toNumber(),
    adjustments,
    adjustmentTotal: adjTotal.toNumber(),
    personDays: total.toNumber(),
    justification,
  };
}

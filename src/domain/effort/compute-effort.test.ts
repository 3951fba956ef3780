import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { loadBuiltinPackage } from '../schemes/builtin.test-support.ts';
import type { EffortPolicy } from '../schemes/package-schema.ts';
import { computeEffortPersonDays } from './compute-effort.ts';

const policy: EffortPolicy = loadBuiltinPackage().policies.effort;

describe('computeEffortPersonDays', () => {
  it('adds the base by size and 0.5 person-day per visited outlet (initial)', () => {
    const r = computeEffortPersonDays(policy, {
      stage: 'initial',
      enterprise: { size: 'medium' },
      visitedOutlets: 5,
    });
    // 4 + 5 × 0.5 = 6.5
    expect(r.base.personDays).toBe(4);
    expect(r.outlets.personDays).toBe(2.5);
    expect(r.beforeRounding.exact).toBe('13/2');
    expect(r.personDays).toBe(6.5);
    expect(r.justification.map((j) => j.en)).toEqual([
      'Base person-days (Medium (≤ 500 employees)): 4',
      'Outlet person-days: 5 visited outlet(s), at least 0.5 each, total 2.5',
      'Stage fraction (initial) 1 applied to the base: 4 × 1 + 2.5 = 6.5',
      'Rounded to 0.5 person-day steps (halfUp): 6.5 → 6.5',
      'Total 6.5 person-days',
    ]);
  });

  it('looks the size up by employees and applies the surveillance fraction 1/3 exactly, then rounds to half days', () => {
    const r = computeEffortPersonDays(policy, {
      stage: 'surveillance',
      enterprise: { employees: 1200 },
      visitedOutlets: 3,
    });
    // large: 5 × 1/3 + 3 × 0.5 = 5/3 + 1.5 = 3.1666… → nearest half day 3.0
    expect(r.base.size).toBe('large');
    expect(r.beforeRounding.exact).toBe('19/6');
    expect(r.rounded).toBe(3);
    const recert = computeEffortPersonDays(policy, {
      stage: 'recertification',
      enterprise: { employees: 1200 },
      visitedOutlets: 4,
    });
    // 5 × 2/3 + 2 = 5.333… → 5.5
    expect(recert.beforeRounding.exact).toBe('16/3');
    expect(recert.personDays).toBe(5.5);
  });

  it('rounds 5.25 up to 5.5 and 5.2 down to 5.0 (nearest half day)', () => {
    const p = { ...policy, baseTable: [{ size: 'x', title: { zh: 'x' }, personDays: 4.75 }] };
    expect(
      computeEffortPersonDays(p, { stage: 'initial', enterprise: { size: 'x' }, visitedOutlets: 1 })
        .personDays,
    ).toBe(5.5);
    const q = { ...policy, baseTable: [{ size: 'x', title: { zh: 'x' }, personDays: 4.7 }] };
    expect(
      computeEffortPersonDays(q, { stage: 'initial', enterprise: { size: 'x' }, visitedOutlets: 1 })
        .personDays,
    ).toBe(5);
  });

  it('uses a headcount table per outlet, never below the minimum per outlet', () => {
    const p: EffortPolicy = {
      ...policy,
      perOutlet: {
        personDays: 0.5,
        byHeadcount: [
          { maxStaff: 10, personDays: 0.25 },
          { maxStaff: 50, personDays: 1 },
          { personDays: 1.5 },
        ],
      },
    };
    const r = computeEffortPersonDays(p, {
      stage: 'initial',
      enterprise: { size: 'micro' },
      visitedOutlets: [{ id: 'A', staff: 4 }, { id: 'B', staff: 30 }, { id: 'C', staff: 200 }, { id: 'D' }],
    });
    expect(r.outlets.perOutlet.map((o) => o.personDays)).toEqual([0.5, 1, 1.5, 0.5]);
    expect(r.personDays).toBe(5.5); // 2 + 3.5
  });

  it('can apply the stage fraction to the total when the body says so', () => {
    const r = computeEffortPersonDays(
      { ...policy, fractionAppliesTo: 'total' },
      { stage: 'surveillance', enterprise: { size: 'small' }, visitedOutlets: 3 },
    );
    // (3 + 1.5) × 1/3 = 1.5
    expect(r.beforeRounding.exact).toBe('3/2');
  });

  it('records manual adjustments with their justification', () => {
    const r = computeEffortPersonDays(policy, {
      stage: 'initial',
      enterprise: { size: 'small' },
      visitedOutlets: 2,
      adjustments: [
        { personDays: 1, justification: '三个产品类别 / three product categories' },
        { personDays: -0.5, justification: '文件审核远程完成 / document review done remotely' },
      ],
    });
    expect(r.rounded).toBe(4);
    expect(r.adjustmentTotal).toBe(0.5);
    expect(r.personDays).toBe(4.5);
    expect(r.justification.at(-2)!.zh).toBe(
      '人工调整 -0.5 人日：文件审核远程完成 / document review done remotely',
    );
  });

  it('refuses an adjustment without justification, an unknown size and a non-positive result', () => {
    const codes = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (isDomainError(e))
          return (
            (e.details.issues as { code: string; path: string }[] | undefined)?.map((i) => [
              i.code,
              i.path,
            ]) ?? [[e.code, e.details.path]]
          );
      }
      return [];
    };
    expect(
      codes(() =>
        computeEffortPersonDays(policy, {
          stage: 'initial',
          enterprise: { size: 'huge' },
          visitedOutlets: 1,
          adjustments: [{ personDays: 1, justification: ' ' }],
        }),
      ),
    ).toEqual([
      ['unknown_enterprise_size', 'enterprise.size'],
      ['adjustment_justification_missing', 'adjustments[0].justification'],
    ]);
    expect(
      codes(() => computeEffortPersonDays(policy, { stage: 'initial', enterprise: {}, visitedOutlets: 1 })),
    ).toEqual([['enterprise_size_missing', 'enterprise']]);
    expect(
      codes(() =>
        computeEffortPersonDays(policy, {
          stage: 'initial',
          enterprise: { size: 'micro' },
          visitedOutlets: 0,
          adjustments: [{ personDays: -2, justification: 'x' }],
        }),
      ),
    ).toEqual([['effort_not_positive', 'adjustments']]);
  });
});

/** Broken packages never validate, and every issue names its place. */
import { describe, expect, it } from 'vitest';
import { loadBuiltinPackage } from './builtin.test-support.ts';
import type { IndicatorNode, SchemePackage } from './package-schema.ts';
import { validateSchemePackage } from './validate.ts';

function broken(mutate: (pkg: SchemePackage) => void): ReturnType<typeof validateSchemePackage> {
  const pkg = structuredClone(loadBuiltinPackage());
  mutate(pkg);
  return validateSchemePackage(pkg);
}
const node = (pkg: SchemePackage, ...path: number[]): IndicatorNode =>
  path.reduce<IndicatorNode>((n, i) => n.children![i]!, pkg.tree);
const errors = (r: ReturnType<typeof validateSchemePackage>) =>
  r.issues.filter((i) => i.severity === 'error').map((i) => ({ code: i.code, path: i.pathText }));

describe('validateSchemePackage', () => {
  it('refuses children whose points do not add up to the parent', () => {
    const r = broken((p) => {
      node(p, 0, 0, 0).points = 4; // 5.1.1.1: 3 → 4, so 5.1.1 children add up to 7, not 6
    });
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([
      { code: 'children_points_mismatch', path: 'tree.children[0].children[0].points' },
    ]);
    expect(r.issues[0]!.message).toContain('add up to 7 points, not 6');
  });

  it('refuses a first-level change that breaks the total of 100', () => {
    const r = broken((p) => {
      node(p, 2).points = 30;
    });
    expect(errors(r)).toEqual([
      { code: 'children_points_mismatch', path: 'tree.points' },
      { code: 'children_points_mismatch', path: 'tree.children[2].points' },
    ]);
  });

  it('adds decimal points exactly (0.1 + 0.2 = 0.3)', () => {
    const r = broken((p) => {
      const n = node(p, 0, 4); // 5.1.5 (4) = 5.1.5.1 (2) + 5.1.5.2 (2)
      n.points = 0.3;
      n.children![0]!.points = 0.1;
      n.children![1]!.points = 0.2;
      node(p, 0).points = 36.3;
      p.tree.points = 96.3;
    });
    expect(errors(r)).toEqual([]);
  });

  it('refuses duplicate URNs, naming both places', () => {
    const r = broken((p) => {
      node(p, 0, 0, 1).urn = node(p, 0, 0, 0).urn;
    });
    expect(errors(r)).toEqual([
      { code: 'duplicate_urn', path: 'tree.children[0].children[0].children[1].urn' },
    ]);
    expect(r.issues[0]!.details).toMatchObject({ firstPath: 'tree.children[0].children[0].children[0].urn' });
  });

  it('refuses a node URN equal to the package URN', () => {
    const r = broken((p) => {
      p.tree.urn = p.urn;
    });
    expect(errors(r)).toEqual([{ code: 'duplicate_urn', path: 'tree.urn' }]);
  });

  it('refuses duplicate clause codes', () => {
    const r = broken((p) => {
      node(p, 0, 0, 1).code = '5.1.1.1';
    });
    expect(errors(r)).toEqual([
      { code: 'duplicate_code', path: 'tree.children[0].children[0].children[1].code' },
    ]);
  });

  it('refuses an excludable root', () => {
    const r = broken((p) => {
      p.tree.excludable = true;
    });
    expect(errors(r)).toEqual([{ code: 'root_excludable', path: 'tree.excludable' }]);
  });

  it('refuses a method on an internal node and an unknown method', () => {
    expect(errors(broken((p) => void (node(p, 0).method = { kind: 'qualitative' })))).toEqual([
      { code: 'method_on_internal_node', path: 'tree.children[0].method' },
    ]);
    const r = broken((p) => {
      (node(p, 0, 0, 0) as unknown as { method: unknown }).method = { kind: 'guesswork' };
    });
    expect(r.ok).toBe(false);
    expect(r.issues[0]!.pathText).toBe('tree.children[0].children[0].children[0].method.kind');
  });

  it('refuses unknown techniques, leaves without techniques, and sampled items that no technique can sample', () => {
    const unknown = broken((p) => {
      (node(p, 0, 0, 0).techniques as string[]) = ['telepathy'];
    });
    expect(unknown.issues[0]).toMatchObject({
      code: 'schema_violation',
      pathText: 'tree.children[0].children[0].children[0].techniques[0]',
    });
    expect(errors(broken((p) => void (node(p, 0, 0, 0).techniques = []))).map((e) => e.code)).toEqual([
      'techniques_missing',
    ]);
    expect(errors(broken((p) => void (node(p, 0, 1, 0).techniques = ['documentReview'])))).toEqual([
      {
        code: 'sampled_without_sampling_technique',
        path: 'tree.children[0].children[1].children[0].techniques',
      },
    ]);
  });

  it('refuses overlapping metric bands and a share above 1', () => {
    const r = broken((p) => {
      node(p, 2, 0).method = {
        kind: 'metric',
        metric: { id: 'csi', title: { zh: '满意度' } },
        bands: [
          { min: 80, share: 1 },
          { min: 70, max: 85, share: 1.5 },
        ],
      };
    });
    expect(
      errors(r)
        .map((e) => e.code)
        .sort(),
    ).toEqual(['metric_bands_overlap', 'metric_share_out_of_range']);
  });

  it('refuses a staffing ratio outside (0, 1]', () => {
    const r = broken((p) => {
      const m = node(p, 0, 1, 1).method;
      if (m?.kind === 'staffing') m.ratio = 1.5;
    });
    expect(errors(r)).toEqual([
      { code: 'staffing_ratio_out_of_range', path: 'tree.children[0].children[1].children[1].method.ratio' },
    ]);
  });

  it('refuses grading levels that do not ascend, and a bad effort table', () => {
    const r = broken((p) => {
      p.policies.grading.levels[2]!.minScore = 75;
      p.policies.effort.baseTable[1]!.maxEmployees = undefined;
    });
    expect(errors(r)).toEqual([
      { code: 'grading_levels_not_ascending', path: 'policies.grading.levels[2].minScore' },
      { code: 'open_row_not_last', path: 'policies.effort.baseTable[1].maxEmployees' },
    ]);
  });

  it('reports shape errors with their path', () => {
    const r = broken((p) => {
      (p as unknown as Record<string, unknown>).category = 'food';
      (node(p, 0) as unknown as Record<string, unknown>).points = 'forty';
    });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.pathText).sort()).toEqual(['category', 'tree.children[0].points']);
  });

  it('warns (without blocking) when a code does not extend its parent code', () => {
    const r = broken((p) => {
      node(p, 0, 5).code = 'X-1';
    });
    expect(r.ok).toBe(true);
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'code_outside_parent' }]);
  });
});

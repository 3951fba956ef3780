/** Loader test: the built-in GB/T 27922-2011 package parses, validates and follows gbt27922.md. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import schemaOnDisk from '../../../schemes/scheme-package.schema.json';
import overlaySchemaOnDisk from '../../../schemes/scheme-overlay.schema.json';
import { BUILTIN_YAML, loadBuiltinPackage } from './builtin.test-support.ts';
import { bodyOverlayJsonSchema, schemePackageJsonSchema } from './json-schema.ts';
import { indexSchemeTree } from './tree.ts';
import { validateSchemePackage } from './validate.ts';

describe('built-in package gbt27922-2011', () => {
  const pkg = loadBuiltinPackage();
  const idx = indexSchemeTree(pkg);
  const byCode = (c: string) => idx.byCode.get(c)!.node;

  it('validates without errors or warnings', () => {
    const r = validateSchemePackage(parse(BUILTIN_YAML));
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('has three first-level indicators worth 40 / 35 / 25 and the fifteen second-level indicators', () => {
    expect(pkg.tree.points).toBe(100);
    expect(pkg.tree.children!.map((c) => [c.code, c.points])).toEqual([
      ['5.1', 40],
      ['5.2', 35],
      ['5.3', 25],
    ]);
    const second = idx.nodes.filter((e) => e.level === 2).map((e) => e.node.code);
    expect(second).toEqual([
      '5.1.1',
      '5.1.2',
      '5.1.3',
      '5.1.4',
      '5.1.5',
      '5.1.6',
      '5.1.7',
      '5.2.1',
      '5.2.2',
      '5.2.3',
      '5.2.4',
      '5.2.5',
      '5.2.6',
      '5.3.1',
      '5.3.2',
    ]);
  });

  it('holds the known third-level clauses with Chinese and English titles', () => {
    const third = idx.nodes.filter((e) => e.level === 3).map((e) => e.node.code);
    expect(third).toEqual([
      '5.1.1.1',
      '5.1.1.2',
      '5.1.2.1',
      '5.1.2.2',
      '5.1.3.1',
      '5.1.3.2',
      '5.1.3.3',
      '5.1.4.1',
      '5.1.4.2',
      '5.1.5.1',
      '5.1.5.2',
    ]);
    for (const e of idx.nodes) {
      expect(e.node.title.zh.length).toBeGreaterThan(0);
      expect(e.node.title.en?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('scores 5.1.2.2 (售后服务管理师) as staffing: 5 points, ratio 10 %, minimum 1, all-or-nothing', () => {
    const n = byCode('5.1.2.2');
    expect(n.points).toBe(5);
    expect(n.method).toEqual({
      kind: 'staffing',
      ratio: 0.1,
      minimum: 1,
      requiredRounding: 'ceil',
      mode: 'allOrNothing',
      provisional: true,
    });
  });

  it('flags unconfirmed point splits and clause numbers as provisional, and not the sourced ones', () => {
    for (const c of ['5', '5.1', '5.2', '5.3', '5.1.2.2']) expect(byCode(c).provisional ?? false).toBe(false);
    for (const c of ['5.1.1', '5.1.1.1', '5.1.6', '5.2.4', '5.3.2']) expect(byCode(c).provisional).toBe(true);
    for (const c of ['5.1.6', '5.1.7', '5.2.1', '5.3.2']) expect(byCode(c).codeProvisional).toBe(true);
    for (const c of ['5.1.1', '5.1.5.2']) expect(byCode(c).codeProvisional ?? false).toBe(false);
    expect(pkg.policies.sampling.provisional).toBe(true);
    expect(pkg.policies.effort.provisional).toBe(true);
    expect(pkg.policies.scoring.rounding.provisional).toBe(true);
  });

  it('keeps the default policies as data: thresholds, fail count, bonus cap, rounding, sampling and effort', () => {
    const p = pkg.policies;
    expect(p.grading.levels.map((l) => [l.id, l.minScore])).toEqual([
      ['compliant', 70],
      ['threeStar', 80],
      ['fourStar', 90],
      ['fiveStar', 95],
    ]);
    expect(p.scoring.specialDeduction).toMatchObject({ points: 1, failCount: 5, requiresCorrection: true });
    expect(p.scoring.specialBonus).toEqual({ points: 1, maxCount: 1 });
    expect(p.scoring.rounding).toMatchObject({ decimals: 1, mode: 'halfUp', compareOn: 'rounded' });
    expect(p.sampling.stages).toEqual({
      initial: { factor: 1, rounding: 'ceil' },
      surveillance: { factor: 0.6, rounding: 'ceil' },
      recertification: { factor: 0.8, rounding: 'ceil' },
    });
    expect(p.effort.stageFractions).toEqual({ initial: 1, surveillance: '1/3', recertification: '2/3' });
    expect(p.effort.perOutlet.personDays).toBe(0.5);
  });

  it('marks only the likely deletable items (6.2.2) excludable, never the root', () => {
    const excludable = idx.nodes.filter((e) => e.node.excludable).map((e) => e.node.code);
    expect(excludable).toEqual(['5.1.1.2', '5.2.2', '5.2.3', '5.2.4', '5.2.6']);
    expect(pkg.tree.excludable ?? false).toBe(false);
  });

  it('ships JSON Schemas that match the zod schemas (run scripts/generate-scheme-schema.ts when this fails)', () => {
    expect(schemaOnDisk).toEqual(schemePackageJsonSchema());
    expect(overlaySchemaOnDisk).toEqual(bodyOverlayJsonSchema());
  });
});

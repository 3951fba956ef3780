/** Body versions (overlay), publishing under a content hash, and diffs. */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { loadBuiltinPackage, publishedBuiltin, testHash } from './builtin.test-support.ts';
import { diffSchemeVersions } from './diff.ts';
import { BodyOverlaySchema, deriveBodyVersion, type BodyOverlay } from './overlay.ts';
import type { SchemePackage } from './package-schema.ts';
import {
  assertVersionUnchanged,
  canonicalJson,
  computeContentHash,
  publishSchemeVersion,
} from './publish.ts';
import { indexSchemeTree } from './tree.ts';
import { validateSchemePackage } from './validate.ts';

const estc = (changes: BodyOverlay['changes'], extra: Partial<BodyOverlay> = {}): BodyOverlay =>
  BodyOverlaySchema.parse({
    format: 'starmark/scheme-overlay@1',
    urn: 'urn:starmark:scheme:gbt27922:2011:cb:estc',
    version: '2025.02',
    publisher: { kind: 'body', id: 'estc', name: { zh: '东方信', en: 'ESTC' } },
    base: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' },
    standards: [{ code: 'ESTC-TS002-202501', role: 'criteria' }],
    changes,
    ...extra,
  });

const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('deriveBodyVersion', () => {
  const reference = publishedBuiltin();

  it('changes points, adds items, guidance and evidence, without touching the (frozen) reference', () => {
    const before = canonicalJson(reference.package);
    const derived = deriveBodyVersion(
      reference.package,
      estc(
        [
          { op: 'setPoints', node: '5.1.1.1', points: 4 },
          { op: 'setPoints', node: '5.1.1.2', points: 2, source: 'ESTC-SC-01 §5' },
          {
            op: 'addNode',
            parent: '5.1.6',
            node: {
              urn: 'urn:starmark:cb:estc:node:5.1.6.1',
              code: '5.1.6.1',
              title: { zh: '改进计划', en: 'Improvement plan' },
              points: 2,
              techniques: ['documentReview'],
            },
          },
          {
            op: 'addNode',
            parent: '5.1.6',
            node: {
              urn: 'urn:starmark:cb:estc:node:5.1.6.2',
              code: '5.1.6.2',
              title: { zh: '改进效果', en: 'Effect of improvement' },
              points: 1,
              techniques: ['recordSample'],
              method: { kind: 'sampled' },
            },
          },
          { op: 'addGuidance', node: '5.3.2', guidance: { zh: '批发零售业：核查退货处理时限。' } },
          { op: 'addTypicalEvidence', node: '5.3.2', evidence: { zh: '投诉台账' } },
        ],
        {
          policies: {
            grading: { starsAfterCompliance: { enabled: true, months: 12, outstandingOverride: true } },
          },
        },
      ),
      { referenceContentHash: reference.contentHash },
    );
    expect(canonicalJson(reference.package)).toBe(before);
    expect(Object.isFrozen(reference.package.tree)).toBe(true);

    const v = validateSchemePackage(derived);
    expect(v.issues).toEqual([]);
    const idx = indexSchemeTree(derived);
    expect(idx.byCode.get('5.1.1.1')!.node).toMatchObject({ points: 4 });
    expect(idx.byCode.get('5.1.1.1')!.node.provisional).toBeUndefined(); // the body confirms its value
    expect(idx.byCode.get('5.1.6')!.isLeaf).toBe(false);
    expect(idx.byCode.get('5.1.6')!.node.method).toBeUndefined();
    expect(idx.byCode.get('5.3.2')!.node.guidance).toHaveLength(2);
    expect(derived.standards.map((s) => s.code)).toEqual(['GB/T 27922-2011', 'ESTC-TS002-202501']);
    expect(derived.policies.grading.starsAfterCompliance.enabled).toBe(true);
    expect(derived.policies.scoring.specialDeduction.failCount).toBe(5);
    expect(derived.derivedFrom).toEqual({
      urn: reference.package.urn,
      version: '1.0.0',
      contentHash: reference.contentHash,
      overlay: { urn: 'urn:starmark:scheme:gbt27922:2011:cb:estc', version: '2025.02' },
    });
  });

  it('produces a package that fails validation when the body breaks the point sums', () => {
    const derived = deriveBodyVersion(
      reference.package,
      estc([{ op: 'setPoints', node: '5.1.1.1', points: 4 }]),
    );
    const v = validateSchemePackage(derived);
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.code)).toContain('children_points_mismatch');
    const e = caught(() => publishSchemeVersion(derived, testHash));
    expect(e.code).toBe('scheme_package_invalid');
  });

  it('refuses unknown nodes, methods on internal nodes and an excludable root, naming the change', () => {
    const e = caught(() =>
      deriveBodyVersion(
        reference.package,
        estc([
          { op: 'setPoints', node: '5.9', points: 1 },
          { op: 'setMethod', node: '5.1', method: { kind: 'qualitative' } },
          { op: 'setExcludable', node: '5', excludable: true },
        ]),
      ),
    );
    expect(e.code).toBe('overlay_unknown_node');
    expect((e.details.issues as { code: string; path: string }[]).map((i) => [i.code, i.path])).toEqual([
      ['overlay_unknown_node', 'changes[0].node'],
      ['overlay_not_a_leaf', 'changes[1].node'],
      ['root_excludable', 'changes[2].node'],
    ]);
  });

  it('refuses an overlay written for another base version or content', () => {
    expect(
      caught(() =>
        deriveBodyVersion(
          reference.package,
          estc([], { base: { urn: reference.package.urn, version: '0.9' } }),
        ),
      ).code,
    ).toBe('overlay_base_mismatch');
    const pinned = estc([], {
      base: { urn: reference.package.urn, version: '1.0.0', contentHash: 'deadbeef' },
    });
    expect(
      caught(() =>
        deriveBodyVersion(reference.package, pinned, { referenceContentHash: reference.contentHash }),
      ).details.path,
    ).toBe('base.contentHash');
  });
});

describe('publishing', () => {
  it('hashes canonical JSON, independent of key order', () => {
    const pkg = loadBuiltinPackage();
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(pkg) as SchemePackage;
    expect(Object.keys(reordered)[0]).toBe('policies');
    expect(computeContentHash(reordered, testHash)).toBe(computeContentHash(pkg, testHash));
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
  });

  it('freezes a published version; a change needs a new version', () => {
    const published = publishSchemeVersion(loadBuiltinPackage(), testHash);
    expect(published.status).toBe('published');
    expect(() => {
      (published.package.tree as { points: number }).points = 99;
    }).toThrow(TypeError);
    const changed = structuredClone(loadBuiltinPackage());
    changed.title = { zh: '改了', en: 'changed' };
    expect(caught(() => assertVersionUnchanged(published, changed, testHash)).code).toBe(
      'scheme_version_frozen',
    );
    changed.version = '1.0.1';
    expect(() => assertVersionUnchanged(published, changed, testHash)).not.toThrow();
    expect(() => assertVersionUnchanged(published, loadBuiltinPackage(), testHash)).not.toThrow();
  });
});

describe('diffSchemeVersions', () => {
  it('lists added, removed and changed nodes, points and policies', () => {
    const a = loadBuiltinPackage();
    const b = deriveBodyVersion(
      a,
      estc(
        [
          { op: 'setPoints', node: '5.1.1.1', points: 2 },
          {
            op: 'addNode',
            parent: '5.1.1',
            node: {
              urn: 'urn:starmark:cb:estc:node:5.1.1.3',
              code: '5.1.1.3',
              title: { zh: '网点标识' },
              points: 1,
              techniques: ['onSiteOutlet'],
            },
          },
          { op: 'setExcludable', node: '5.2.3', excludable: false },
        ],
        {
          policies: {
            grading: { starsAfterCompliance: { enabled: true, months: 12, outstandingOverride: false } },
          },
        },
      ),
    );
    const d = diffSchemeVersions(a, b);
    expect(d.added.map((n) => [n.code, n.points, n.parent])).toEqual([['5.1.1.3', 1, '5.1.1']]);
    expect(d.removed).toEqual([]);
    expect(d.points).toEqual([
      {
        urn: 'urn:starmark:scheme:gbt27922:2011:node:5.1.1.1',
        code: '5.1.1.1',
        from: 3,
        to: 2,
        provisionalFrom: true,
        provisionalTo: false,
      },
    ]);
    expect(d.changed.map((c) => [c.code, c.changes.map((x) => x.field)])).toEqual([
      ['5.1.1', ['children']],
      ['5.1.1.1', ['points', 'provisional']],
      ['5.2.3', ['excludable']],
    ]);
    expect(d.package.map((c) => c.field)).toEqual([
      'standards',
      'notes',
      'policies.grading.starsAfterCompliance',
    ]);
    expect(d.identical).toBe(false);

    const back = diffSchemeVersions(b, a);
    expect(back.removed.map((n) => n.code)).toEqual(['5.1.1.3']);
    expect(diffSchemeVersions(a, loadBuiltinPackage()).identical).toBe(true);
  });
});

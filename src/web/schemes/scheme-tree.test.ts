import { describe, expect, it } from 'vitest';
import type { OverlayChange } from '../../domain/schemes/overlay.ts';
import type { IndicatorNode, SchemePackage } from '../../domain/schemes/package-schema.ts';
import {
  findNode,
  internalUrns,
  nodeAtPath,
  parsePath,
  pointsMismatch,
  sumPoints,
  withExcludable,
  withPoints,
} from './scheme-tree.ts';

const urn = (code: string) => `urn:x:scheme:node:${code}`;
const leaf = (code: string, points: number, extra: Partial<IndicatorNode> = {}): IndicatorNode => ({
  urn: urn(code),
  code,
  title: { zh: code },
  points,
  ...extra,
});

const tree: IndicatorNode = {
  ...leaf('5', 10),
  children: [
    { ...leaf('5.1', 6), children: [leaf('5.1.1', 3, { provisional: true }), leaf('5.1.2', 3)] },
    leaf('5.2', 4),
  ],
};
const pkg = { tree } as unknown as SchemePackage;

describe('scheme tree helpers', () => {
  it('parses issue paths and finds the deepest node along them', () => {
    expect(parsePath('tree.children[0].children[1].points')).toEqual([
      'tree',
      'children',
      0,
      'children',
      1,
      'points',
    ]);
    expect(nodeAtPath(pkg, 'tree.children[0].children[1].points')?.code).toBe('5.1.2');
    expect(nodeAtPath(pkg, 'tree.points')?.code).toBe('5');
    expect(nodeAtPath(pkg, 'policies.grading.levels[0].minScore')).toBeUndefined();
    expect(nodeAtPath(pkg, 'tree.children[7].points')?.code).toBe('5');
  });

  it('finds nodes by URN or clause code and lists the expandable ones', () => {
    expect(findNode(tree, '5.1.2')?.urn).toBe(urn('5.1.2'));
    expect(findNode(tree, urn('5.2'))?.code).toBe('5.2');
    expect(internalUrns(tree)).toEqual([urn('5'), urn('5.1')]);
  });

  it('adds decimals without floating-point noise and reports a sum that does not hold', () => {
    expect(sumPoints([0.1, 0.2])).toBe(0.3);
    expect(pointsMismatch(tree)).toBeNull();
    expect(pointsMismatch({ ...leaf('9', 5), children: [leaf('9.1', 2), leaf('9.2', 2)] })).toEqual({
      expected: 5,
      actual: 4,
    });
  });

  it('keeps one setPoints per node, confirms provisional values and leaves untouched nodes alone', () => {
    const first = withPoints([], tree, [
      { urn: urn('5.1.1'), points: 4 },
      { urn: urn('5.1.2'), points: 3 }, // unchanged and confirmed already: no change
    ]);
    expect(first).toEqual([{ op: 'setPoints', node: urn('5.1.1'), points: 4 }]);
    // A change written with a clause code is replaced too.
    const byCode: OverlayChange[] = [{ op: 'setPoints', node: '5.1.2', points: 1 }];
    expect(withPoints(byCode, tree, [{ urn: urn('5.1.2'), points: 2 }])).toEqual([
      { op: 'setPoints', node: urn('5.1.2'), points: 2 },
    ]);
    // A provisional value is confirmed even when the number stays.
    expect(withPoints([], tree, [{ urn: urn('5.1.1'), points: 3 }])).toEqual([
      { op: 'setPoints', node: urn('5.1.1'), points: 3 },
    ]);
  });

  it('replaces an earlier setExcludable of the same node and keeps other changes in order', () => {
    const guidance: OverlayChange = { op: 'addGuidance', node: '5.2', guidance: { zh: '看记录' } };
    const once = withExcludable([guidance], findNode(tree, '5.2')!, true);
    const twice = withExcludable(once, findNode(tree, '5.2')!, false);
    expect(twice).toEqual([guidance, { op: 'setExcludable', node: urn('5.2'), excludable: false }]);
  });
});

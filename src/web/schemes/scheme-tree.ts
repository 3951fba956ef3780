/**
 * Pure helpers of the scheme pages: walking the indicator tree, locating a validation issue's node, and
 * editing a body draft's overlay changes (one setPoints / setExcludable per node, guidance appended).
 */
import type { OverlayChange } from '../../domain/schemes/overlay.ts';
import type { IndicatorNode, SchemePackage } from '../../domain/schemes/package-schema.ts';

export interface TreeEntry {
  node: IndicatorNode;
  /** null for the root. */
  parent: IndicatorNode | null;
  /** 0 for the root, 1 for first-level indicators, … */
  level: number;
}

/** Every node of the tree in pre-order, by URN. */
export function indexTree(root: IndicatorNode): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const visit = (node: IndicatorNode, parent: IndicatorNode | null, level: number) => {
    out.set(node.urn, { node, parent, level });
    for (const child of node.children ?? []) visit(child, node, level + 1);
  };
  visit(root, null, 0);
  return out;
}

/** URNs of the nodes that have children (the rows a tree table can expand). */
export function internalUrns(root: IndicatorNode): string[] {
  const out: string[] = [];
  const visit = (node: IndicatorNode) => {
    if (node.children?.length) {
      out.push(node.urn);
      node.children.forEach(visit);
    }
  };
  visit(root);
  return out;
}

/** A node reference of an overlay (URN or clause code) names this node. */
export const refersTo = (ref: string, node: IndicatorNode) => ref === node.urn || ref === node.code;

/** Find a node by an overlay reference (URN or clause code). */
export function findNode(root: IndicatorNode, ref: string): IndicatorNode | undefined {
  if (refersTo(ref, root)) return root;
  for (const child of root.children ?? []) {
    const found = findNode(child, ref);
    if (found) return found;
  }
  return undefined;
}

/** `tree.children[0].points` → ['tree', 'children', 0, 'points']. */
export function parsePath(pathText: string): (string | number)[] {
  return [...pathText.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? Number(m[1]) : (m[2] as string),
  );
}

const isNode = (value: unknown): value is IndicatorNode =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { urn?: unknown }).urn === 'string' &&
  typeof (value as { code?: unknown }).code === 'string' &&
  typeof (value as { points?: unknown }).points === 'number';

/** The deepest indicator node along an issue's path (`tree.children[0].children[1].points` → 5.1.2). */
export function nodeAtPath(pkg: SchemePackage, pathText: string): IndicatorNode | undefined {
  const segments = parsePath(pathText);
  if (segments[0] !== 'tree') return undefined;
  let current: unknown = pkg;
  let found: IndicatorNode | undefined;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) break;
    current = (current as Record<string | number, unknown>)[segment];
    if (isNode(current)) found = current;
  }
  return found;
}

/** Sum of points without binary floating-point noise (points are decimals with few places). */
export function sumPoints(values: readonly number[]): number {
  return Math.round(values.reduce((acc, v) => acc + v * 1e6, 0)) / 1e6;
}

export const samePoints = (a: number, b: number) => Math.round(a * 1e6) === Math.round(b * 1e6);

/** The children of a node whose points do not add up to it (null when they do, or for a leaf). */
export function pointsMismatch(node: IndicatorNode): { expected: number; actual: number } | null {
  const kids = node.children ?? [];
  if (kids.length === 0) return null;
  const actual = sumPoints(kids.map((k) => k.points));
  return samePoints(actual, node.points) ? null : { expected: node.points, actual };
}

/** The node an overlay change is about (`parent` for addNode). */
export const changeRef = (change: OverlayChange) => (change.op === 'addNode' ? change.parent : change.node);

/**
 * Set the points of several nodes at once (e.g. an item and its sibling, so that the sum holds): any
 * earlier setPoints of those nodes is replaced; a node whose points are unchanged and not provisional
 * is left alone. The new values are confirmed by the body (no longer provisional).
 */
export function withPoints(
  changes: readonly OverlayChange[],
  root: IndicatorNode,
  values: readonly { urn: string; points: number }[],
): OverlayChange[] {
  let out = [...changes];
  for (const { urn, points } of values) {
    const node = findNode(root, urn);
    if (!node) continue;
    const earlier = out.some((c) => c.op === 'setPoints' && refersTo(c.node, node));
    if (!earlier && samePoints(node.points, points) && !node.provisional) continue;
    out = out.filter((c) => !(c.op === 'setPoints' && refersTo(c.node, node)));
    out.push({ op: 'setPoints', node: node.urn, points });
  }
  return out;
}

/** Set whether a node may be excluded (删减): replaces an earlier setExcludable of the node. */
export function withExcludable(
  changes: readonly OverlayChange[],
  node: IndicatorNode,
  excludable: boolean,
): OverlayChange[] {
  return [
    ...changes.filter((c) => !(c.op === 'setExcludable' && refersTo(c.node, node))),
    { op: 'setExcludable', node: node.urn, excludable },
  ];
}

/** Short form of a content hash, as git shows commits. */
export const shortHash = (hash: string | null | undefined) => (hash ? hash.slice(0, 12) : '');

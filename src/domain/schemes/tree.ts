/** Flat, indexed view of a scheme's indicator tree (pre-order), used by validation, scoring and diffs. */
import type { EvaluationMethod, IndicatorNode, SchemePackage } from './package-schema.ts';

export interface IndexedNode {
  readonly node: IndicatorNode;
  /** Position in pre-order (the root is 0). */
  readonly index: number;
  /** Index of the parent, -1 for the root. */
  readonly parent: number;
  /** 0 for the root, 1 for first-level indicators, … */
  readonly level: number;
  readonly children: readonly number[];
  /** Index one past the last node of this subtree: the subtree is [index, end). */
  readonly end: number;
  /** Path of the node inside the package, e.g. ['tree', 'children', 0]. */
  readonly path: readonly (string | number)[];
  readonly isLeaf: boolean;
  /** Effective method of a leaf (the node's own, else the package default); undefined on internal nodes. */
  readonly method: EvaluationMethod | undefined;
}

export interface SchemeIndex {
  readonly nodes: readonly IndexedNode[];
  readonly byUrn: ReadonlyMap<string, IndexedNode>;
  readonly byCode: ReadonlyMap<string, IndexedNode>;
}

export function indexSchemeTree(pkg: SchemePackage): SchemeIndex {
  const nodes: IndexedNode[] = [];
  const byUrn = new Map<string, IndexedNode>();
  const byCode = new Map<string, IndexedNode>();
  const defaultMethod: EvaluationMethod = { kind: pkg.policies?.scoring?.defaultMethod ?? 'qualitative' };

  const visit = (node: IndicatorNode, parent: number, level: number, path: (string | number)[]): number => {
    const index = nodes.length;
    const children: number[] = [];
    const kids = node.children ?? [];
    const isLeaf = kids.length === 0;
    const entry = {
      node,
      index,
      parent,
      level,
      children,
      end: index + 1,
      path,
      isLeaf,
      method: isLeaf ? (node.method ?? defaultMethod) : undefined,
    };
    nodes.push(entry);
    if (!byUrn.has(node.urn)) byUrn.set(node.urn, entry);
    if (!byCode.has(node.code)) byCode.set(node.code, entry);
    kids.forEach((child, i) => {
      children.push(visit(child, index, level + 1, [...path, 'children', i]));
    });
    entry.end = nodes.length;
    return index;
  };
  visit(pkg.tree, -1, 0, ['tree']);
  return { nodes, byUrn, byCode };
}

/** Resolves a node reference: a URN (starting with "urn:") or a clause code such as "5.1.2.2". */
export function resolveNodeRef(index: SchemeIndex, ref: string): IndexedNode | undefined {
  return ref.startsWith('urn:') ? index.byUrn.get(ref) : index.byCode.get(ref);
}

const cache = new WeakMap<SchemePackage, SchemeIndex>();

/** Like indexSchemeTree, memoised per package object (packages are treated as immutable). */
export function schemeIndexOf(pkg: SchemePackage): SchemeIndex {
  let idx = cache.get(pkg);
  if (!idx) {
    idx = indexSchemeTree(pkg);
    cache.set(pkg, idx);
  }
  return idx;
}

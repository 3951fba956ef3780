/**
 * Publishing: a valid package is frozen under a content hash. The hash function is a parameter (the
 * adapter passes SHA-256 from node:crypto), so the domain stays free of I/O and platform modules.
 */
import { DomainError } from '../errors.ts';
import type { SchemePackage } from './package-schema.ts';
import { validateSchemePackage } from './validate.ts';

/** Hashes the canonical JSON text of a package, e.g. `(s) => createHash('sha256').update(s).digest('hex')`. */
export type HashFunction = (canonicalJson: string) => string;

export interface SchemeVersion {
  status: 'draft' | 'published';
  /** Set when published: hash of the canonical JSON of `package`. */
  contentHash: string | null;
  package: SchemePackage;
}

export interface PublishedSchemeVersion extends SchemeVersion {
  status: 'published';
  contentHash: string;
  package: SchemePackage;
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped, arrays in
 * order, numbers in JavaScript's shortest form. Equal packages give equal text whatever the key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value))
        throw new DomainError('invalid_number', 'Canonical JSON has no NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new DomainError('invalid_value', `Canonical JSON cannot encode a ${typeof value}`);
  }
}

export function computeContentHash(pkg: SchemePackage, hash: HashFunction): string {
  return hash(canonicalJson(pkg));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function draftSchemeVersion(pkg: SchemePackage): SchemeVersion {
  return { status: 'draft', contentHash: null, package: pkg };
}

/**
 * Validates and freezes a package under its content hash.
 * @throws DomainError `scheme_package_invalid` (details.issues) when the package does not validate.
 */
export function publishSchemeVersion(pkg: unknown, hash: HashFunction): PublishedSchemeVersion {
  const result = validateSchemePackage(pkg);
  if (!result.ok) {
    const errors = result.issues.filter((i) => i.severity === 'error');
    throw new DomainError(
      'scheme_package_invalid',
      `The scheme package does not validate: ${errors.map((i) => `${i.pathText}: ${i.message}`).join('; ')}`,
      { details: { path: errors[0]?.pathText, issues: errors } },
    );
  }
  const frozen = deepFreeze(structuredClone(result.package));
  return deepFreeze({ status: 'published', contentHash: computeContentHash(frozen, hash), package: frozen });
}

/**
 * "Any change needs a new version": refuses a candidate that reuses a published URN and version with
 * different content.
 * @throws DomainError `scheme_version_frozen`
 */
export function assertVersionUnchanged(
  published: PublishedSchemeVersion,
  candidate: SchemePackage,
  hash: HashFunction,
): void {
  if (candidate.urn !== published.package.urn || candidate.version !== published.package.version) return;
  const candidateHash = computeContentHash(candidate, hash);
  if (candidateHash !== published.contentHash) {
    throw new DomainError(
      'scheme_version_frozen',
      `Version ${candidate.version} of ${candidate.urn} is published and frozen; publish the change under a new version`,
      { details: { path: 'version', urn: candidate.urn, version: candidate.version } },
    );
  }
}

/**
 * Test support: the built-in GB/T 27922-2011 package, read through Vite's `?raw` import so that the domain
 * tests need no node:fs. Not shipped code; production loads the YAML in an adapter.
 */
import { parse } from 'yaml';
import builtinYaml from '../../../schemes/gbt27922-2011/package.yaml?raw';
import type { SchemePackage } from './package-schema.ts';
import { publishSchemeVersion, type PublishedSchemeVersion } from './publish.ts';
import { validateSchemePackage } from './validate.ts';

export const BUILTIN_YAML: string = builtinYaml;

/** FNV-1a 64-bit, hex: a stand-in for SHA-256 in tests (the domain takes the hash function as a parameter). */
export function testHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

export function loadBuiltinPackage(): SchemePackage {
  const result = validateSchemePackage(parse(BUILTIN_YAML));
  if (!result.ok) throw new Error(`built-in package invalid: ${JSON.stringify(result.issues)}`);
  return result.package;
}

let published: PublishedSchemeVersion | undefined;
export function publishedBuiltin(): PublishedSchemeVersion {
  published ??= publishSchemeVersion(parse(BUILTIN_YAML), testHash);
  return published;
}

/**
 * The two locales stay in step: the same namespaces, the same keys, the same {{placeholders}}, no empty
 * texts; every key the code asks for exists, and every key is used by the code.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const I18N_DIR = fileURLToPath(new URL('.', import.meta.url));
const WEB_DIR = join(I18N_DIR, '..');
const LOCALES = ['zh-CN', 'en'] as const;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function namespaceFiles(locale: string): string[] {
  return readdirSync(join(I18N_DIR, locale))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Flatten `{ a: { b: 'x' } }` of namespace `ns` into `ns.a.b → x`. */
function flatten(tree: Tree, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

function load(locale: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of namespaceFiles(locale)) {
    const tree = JSON.parse(readFileSync(join(I18N_DIR, locale, file), 'utf8')) as Tree;
    flatten(tree, file.replace(/\.json$/, ''), out);
  }
  return out;
}

/** Plural forms differ by language (zh has only `_other`): compare the keys without the suffix. */
function baseKeys(texts: Map<string, string>): Set<string> {
  return new Set([...texts.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'i18n' && name !== 'node_modules') out.push(...sourceFiles(path));
    } else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
      out.push(path);
    }
  }
  return out;
}

const texts = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<
  (typeof LOCALES)[number],
  Map<string, string>
>;
const source = sourceFiles(WEB_DIR)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const namespaces = namespaceFiles('zh-CN').map((f) => f.replace(/\.json$/, ''));

describe('locales', () => {
  it('have the same namespace files', () => {
    expect(namespaceFiles('en')).toEqual(namespaceFiles('zh-CN'));
  });

  for (const [a, b] of [
    ['zh-CN', 'en'],
    ['en', 'zh-CN'],
  ] as const) {
    it(`every key of ${a} exists in ${b}`, () => {
      const other = baseKeys(texts[b]);
      const missing = [...baseKeys(texts[a])].filter((k) => !other.has(k));
      expect(missing, `keys in ${a} but not in ${b}`).toEqual([]);
    });
  }

  it('use the same placeholders in both languages', () => {
    const differing: string[] = [];
    for (const [key, zh] of texts['zh-CN']) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const en = texts.en.get(key) ?? texts.en.get(`${base}_other`) ?? texts.en.get(base);
      if (en !== undefined && placeholders(zh).join() !== placeholders(en).join()) differing.push(key);
    }
    expect(differing).toEqual([]);
  });

  it('have no empty texts and keys in snake_case', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of texts[locale]) {
        expect(value.trim(), `${locale} ${key}`).not.toBe('');
        expect(key, `${locale} ${key}`).toMatch(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/);
      }
    }
  });

  it('contain every key the code asks for', () => {
    const known = baseKeys(texts['zh-CN']);
    const asked = new Set<string>();
    const ns = namespaces.join('|');
    const literal = new RegExp(
      `\\bt\\(\\s*['"]((?:${ns})\\.[a-z0-9_.]+)['"]|label:\\s*'((?:${ns})\\.[a-z0-9_.]+)'`,
      'g',
    );
    for (const m of source.matchAll(literal)) asked.add((m[1] ?? m[2]) as string);
    const missing = [...asked].filter((k) => !known.has(k));
    expect(missing).toEqual([]);
    expect(asked.size).toBeGreaterThan(50);
  });

  it('are all used by the code (directly, or under a `prefix.${…}` template)', () => {
    const dynamicPrefixes = [...source.matchAll(/`([a-z_]+(?:\.[a-z0-9_]+)*\.)\$\{/g)].map(
      (m) => m[1] as string,
    );
    const unused = [...baseKeys(texts['zh-CN'])].filter(
      (key) =>
        !source.includes(`'${key}'`) &&
        !source.includes(`"${key}"`) &&
        !source.includes(`\`${key}\``) &&
        !dynamicPrefixes.some((p) => key.startsWith(p)),
    );
    expect(unused, `unused keys (files under ${relative(process.cwd(), I18N_DIR)})`).toEqual([]);
  });
});

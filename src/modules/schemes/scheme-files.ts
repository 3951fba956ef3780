import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode, stringify, type Document } from 'yaml';
import {
  publishSchemeVersion,
  validateSchemePackage,
  type PublishedSchemeVersion,
  type SchemeIssue,
} from '../../domain/schemes/index.ts';

/** SHA-256 of the canonical JSON: the content hash a published version is frozen under. */
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const SCHEMES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemes');

/** An issue found in a YAML text, with the line (1-based) it points at when it can be found. */
export interface LocatedIssue {
  severity: 'error' | 'warning';
  code: string;
  path: string;
  message: string;
  line: number | null;
  column: number | null;
}

export interface ParsedYaml {
  value: unknown;
  /** YAML syntax errors; when present, `value` is not to be used. */
  syntaxIssues: LocatedIssue[];
  locate(path: (string | number)[]): { line: number | null; column: number | null };
}

/** Parses YAML keeping positions, so validation issues can name the line they concern. */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxIssues: LocatedIssue[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      severity: 'error',
      code: 'yaml_syntax',
      path: '',
      message: e.message.split('\n')[0]!,
      line: pos.line,
      column: pos.col,
    };
  });
  return {
    value: syntaxIssues.length ? undefined : doc.toJS(),
    syntaxIssues,
    locate(issuePath) {
      // The deepest node that exists along the path: a missing field points at its parent.
      for (let n = issuePath.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(issuePath.slice(0, n), true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return { line: null, column: null };
    },
  };
}

export function locateIssues(parsed: ParsedYaml, issues: SchemeIssue[]): LocatedIssue[] {
  return issues.map((i) => ({
    severity: i.severity,
    code: i.code,
    path: i.pathText,
    message: i.message,
    ...parsed.locate(i.path),
  }));
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

let builtins: PublishedSchemeVersion[] | undefined;

/** The built-in reference packages shipped under schemes/, validated and published once per process. */
export function builtinSchemes(): PublishedSchemeVersion[] {
  builtins ??= fs
    .readdirSync(SCHEMES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(SCHEMES_DIR, d.name, 'package.yaml')))
    .map((d) => {
      const file = path.join(SCHEMES_DIR, d.name, 'package.yaml');
      const parsed = parseYaml(fs.readFileSync(file, 'utf8'));
      const result = validateSchemePackage(parsed.value);
      if (!result.ok) {
        throw new Error(
          `built-in scheme ${file} is invalid: ${result.issues.map((i) => `${i.pathText}: ${i.message}`).join('; ')}`,
        );
      }
      return publishSchemeVersion(result.package, sha256Hex);
    });
  return builtins;
}

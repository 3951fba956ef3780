import fs from 'node:fs';
import type { Command } from 'commander';
import {
  BodyOverlaySchema,
  deriveBodyVersion,
  diffSchemeVersions,
  publishSchemeVersion,
  SCHEME_OVERLAY_FORMAT,
  validateSchemePackage,
  type PublishedSchemeVersion,
  type SchemePackage,
} from '../domain/schemes/index.ts';
import { parseEvaluationDocument, scoreEvaluation } from '../domain/scoring/index.ts';
import type { AppContext } from '../http/context.ts';
import { systemActor } from '../modules/auth/actor.ts';
import {
  builtinSchemes,
  locateIssues,
  parseYaml,
  sha256Hex,
  type LocatedIssue,
} from '../modules/schemes/scheme-files.ts';
import {
  deriveSchemeVersion,
  exportScheme,
  importSchemeYaml,
  listSchemeVersions,
  publishScheme,
  updateSchemeOverlay,
} from '../modules/schemes/schemes.service.ts';

export interface CommandEnv {
  out: (text: string) => void;
  /** Throws the CLI's exit error: code 2 for bad input, 1 for a failed check. */
  fail: (code: number, message: string) => never;
  /** Runs work against the configured database as the system actor of one certification body. */
  withBody: <T>(
    cbOption: string | undefined,
    fn: (ctx: AppContext, cbId: string) => Promise<T>,
  ) => Promise<T>;
}

function readText(file: string, env: CommandEnv): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    return env.fail(
      2,
      `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

const formatIssues = (file: string, issues: LocatedIssue[]) =>
  issues
    .map(
      (i) =>
        `${file}:${i.line ?? '?'}:${i.column ?? '?'} ${i.severity} ${i.code} ${i.path ? `${i.path}: ` : ''}${i.message}`,
    )
    .join('\n');

/**
 * Reads a scheme file offline: a full package, or a body overlay applied to a built-in reference.
 * Answers the published (in memory) version, or exits 2 listing every problem with its line.
 */
function loadSchemeFile(
  file: string,
  env: CommandEnv,
  bases: PublishedSchemeVersion[],
): PublishedSchemeVersion {
  const parsed = parseYaml(readText(file, env));
  if (parsed.syntaxIssues.length) env.fail(2, formatIssues(file, parsed.syntaxIssues));
  const value = parsed.value as { format?: string } | undefined;
  let pkg: unknown = value;
  if (value?.format === SCHEME_OVERLAY_FORMAT) {
    const overlay = BodyOverlaySchema.safeParse(value);
    if (!overlay.success) {
      env.fail(
        2,
        overlay.error.issues
          .map(
            (i) =>
              `${file}:${parsed.locate(i.path as (string | number)[]).line ?? '?'} ${i.path.join('.')}: ${i.message}`,
          )
          .join('\n'),
      );
    }
    const base = bases.find(
      (b) => b.package.urn === overlay.data.base.urn && b.package.version === overlay.data.base.version,
    );
    if (!base)
      env.fail(
        2,
        `${file}: base ${overlay.data.base.urn} ${overlay.data.base.version} is not a known published package`,
      );
    pkg = deriveBodyVersion(base.package, overlay.data, { referenceContentHash: base.contentHash });
  }
  const result = validateSchemePackage(pkg);
  const errors = locateIssues(
    parsed,
    result.issues.filter((i) => i.severity === 'error'),
  );
  if (!result.ok)
    env.fail(2, formatIssues(file, errors.length ? errors : locateIssues(parsed, result.issues)));
  return publishSchemeVersion(result.package, sha256Hex);
}

export function registerSchemeCommands(program: Command, env: CommandEnv): void {
  program
    .command('score')
    .description('score an evaluation document (docs/scoring.md) and print the result with its trace as JSON')
    .argument('<file>', 'evaluation document (JSON)')
    .option('--scheme <file...>', 'extra scheme packages (YAML) besides the built-in ones')
    .option('--overlay <file...>', 'body overlays (YAML) to derive from a built-in package')
    .action((file: string, opts: { scheme?: string[]; overlay?: string[] }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readText(file, env));
      } catch (e) {
        env.fail(2, `${file}: not valid JSON: ${(e as Error).message}`);
      }
      const schemes = [...builtinSchemes()];
      for (const f of opts.scheme ?? []) schemes.push(loadSchemeFile(f, env, schemes));
      for (const f of opts.overlay ?? []) schemes.push(loadSchemeFile(f, env, schemes));
      const doc = parseEvaluationDocument(raw);
      const scheme = schemes.find(
        (s) => s.package.urn === doc.scheme.urn && s.package.version === doc.scheme.version,
      );
      if (!scheme) {
        env.fail(
          2,
          `scheme: no published version ${doc.scheme.urn} ${doc.scheme.version}; known: ${schemes.map((s) => `${s.package.urn} ${s.package.version}`).join(', ')} (add --scheme or --overlay)`,
        );
      }
      env.out(JSON.stringify(scoreEvaluation(scheme, doc), null, 2) + '\n');
    });

  const scheme = program.command('scheme').description('scheme packages: validate, publish, diff, export');

  scheme
    .command('validate')
    .description('validate a package or body overlay (YAML); exits 2 listing every problem with its line')
    .argument('<file>')
    .action((file: string) => {
      const s = loadSchemeFile(file, env, builtinSchemes());
      env.out(`${file}: valid — ${s.package.urn} ${s.package.version}, content hash ${s.contentHash}\n`);
    });

  scheme
    .command('diff')
    .description('what changed from one package or overlay file to another (JSON)')
    .argument('<from>')
    .argument('<to>')
    .action((from: string, to: string) => {
      const bases = builtinSchemes();
      const a = loadSchemeFile(from, env, bases).package as SchemePackage;
      const b = loadSchemeFile(to, env, bases).package as SchemePackage;
      env.out(JSON.stringify(diffSchemeVersions(a, b), null, 2) + '\n');
    });

  scheme
    .command('publish')
    .description('import a package or overlay (YAML) into a body’s library and publish it')
    .argument('<file>')
    .option('--cb <id>', 'certification body (default: the only one)')
    .action(async (file: string, opts: { cb?: string }) => {
      const text = readText(file, env);
      loadSchemeFile(file, env, builtinSchemes()); // validate offline first: nothing is written when invalid
      const value = parseYaml(text).value as {
        format?: string;
        urn: string;
        version: string;
        base?: { urn: string; version: string };
        changes?: unknown[];
        policies?: unknown;
      };
      await env.withBody(opts.cb, async (ctx, cbId) => {
        const actor = systemActor(cbId);
        let id: string;
        if (value.format === SCHEME_OVERLAY_FORMAT) {
          const library = await listSchemeVersions(ctx, actor);
          const base = library.find(
            (s) =>
              s.urn === value.base!.urn &&
              s.schemeVersion === value.base!.version &&
              s.status === 'published',
          );
          if (!base)
            env.fail(
              2,
              `${file}: base ${value.base!.urn} ${value.base!.version} is not published in this body's library`,
            );
          const draft = await deriveSchemeVersion(
            ctx,
            actor,
            base.id,
            { urn: value.urn, schemeVersion: value.version },
            'cli',
          );
          await updateSchemeOverlay(
            ctx,
            actor,
            draft.id,
            {
              changes: (value.changes ?? []) as Record<string, unknown>[],
              ...(value.policies ? { policies: value.policies as Record<string, unknown> } : {}),
              version: 1,
            },
            'cli',
          );
          id = draft.id;
        } else {
          const imported = await importSchemeYaml(ctx, actor, text, 'cli');
          if (!imported.ok || !imported.scheme) env.fail(2, formatIssues(file, imported.issues));
          id = imported.scheme.id;
        }
        const current = (await listSchemeVersions(ctx, actor)).find((s) => s.id === id)!;
        const published = await publishScheme(ctx, actor, id, current.version, 'cli');
        env.out(
          `published ${published.urn} ${published.schemeVersion} (${published.id}), content hash ${published.contentHash}\n`,
        );
      });
    });

  scheme
    .command('export')
    .description('print a version of a body’s library as YAML')
    .argument('<urn>')
    .argument('<version>')
    .option('--cb <id>', 'certification body (default: the only one)')
    .action(async (urn: string, version: string, opts: { cb?: string }) => {
      await env.withBody(opts.cb, async (ctx, cbId) => {
        const actor = systemActor(cbId);
        const found = (await listSchemeVersions(ctx, actor)).find(
          (s) => s.urn === urn && s.schemeVersion === version,
        );
        if (!found) env.fail(2, `no version ${urn} ${version} in this body's library`);
        env.out((await exportScheme(ctx, actor, found.id)).yaml);
      });
    });
}

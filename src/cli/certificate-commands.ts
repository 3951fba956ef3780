import fs from 'node:fs';
import type { Command } from 'commander';
import type { AppContext } from '../http/context.ts';
import { runCertificateJobs } from '../modules/certificates/certificate-jobs.ts';
import { cncaMonthlyWorkbook, iafCertSearchWorkbook } from '../modules/certificates/registry-exports.ts';
import type { CommandEnv } from './scheme-commands.ts';

/**
 * `starmark jobs run` (the certificate jobs, for cron or a one-off; `serve` also runs them on a timer)
 * and `starmark certificates export iaf|cnca` (the registry files).
 */
export function registerCertificateCommands(
  program: Command,
  env: CommandEnv & { withContext: <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T> },
): void {
  const jobs = program.command('jobs').description('scheduled jobs');
  jobs
    .command('run')
    .description(
      'run the certificate jobs once: expiry, overdue surveillance → suspension, withdrawal proposals, reminders',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const r = await env.withContext((ctx) => runCertificateJobs(ctx));
      if (opts.json) env.out(JSON.stringify(r, null, 2) + '\n');
      else {
        env.out(
          `examined ${r.examined} certificate(s) in ${r.certificationBodies} certification bod${r.certificationBodies === 1 ? 'y' : 'ies'}: ` +
            `${r.expired} expired, ${r.suspended} suspended, ${r.withdrawalProposals} withdrawal proposal(s), ${r.reminders} reminder(s)\n`,
        );
      }
    });

  const certificates = program.command('certificates').description('certificates');
  const exp = certificates.command('export').description('registry exports');
  exp
    .command('iaf')
    .description('IAF CertSearch upload file (XLSX); management-system certificates only')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .option('--cb <id>', 'certification body (default: the only one)')
    .action(async (opts: { out: string; cb?: string }) => {
      const r = await env.withBody(opts.cb, (ctx, cbId) => iafCertSearchWorkbook(ctx, cbId));
      fs.writeFileSync(opts.out, r.buffer);
      env.out(`wrote ${opts.out}: ${r.included} management-system certificate(s)\n`);
      if (r.message) env.out(`${r.message}\n`);
    });
  exp
    .command('cnca')
    .description('CNCA monthly report workbook (the month’s changes; sheets and headers as configured)')
    .requiredOption('--month <YYYY-MM>', 'the month to report')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .option('--cb <id>', 'certification body (default: the only one)')
    .action(async (opts: { month: string; out: string; cb?: string }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) env.fail(2, '--month: must be YYYY-MM');
      const r = await env.withBody(opts.cb, (ctx, cbId) => cncaMonthlyWorkbook(ctx, cbId, opts.month));
      fs.writeFileSync(opts.out, r.buffer);
      env.out(`wrote ${opts.out}: ${r.included} change(s) in ${opts.month}\n`);
    });
}

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPermissionMatrix } from '../src/domain/access/roles.ts';
import { ENVIRONMENT } from '../src/config/config.ts';
import { STAFF_COLUMNS } from '../src/modules/client-staff/staff-fields.ts';
import { OUTLET_COLUMNS } from '../src/modules/outlets/outlet-fields.ts';
import zhClients from '../src/web/i18n/zh-CN/clients.json' with { type: 'json' };

describe('documentation stays true', () => {
  it('docs/permissions.md holds the permission matrix of the code', () => {
    const doc = fs.readFileSync('docs/permissions.md', 'utf8');
    const block = doc
      .split('<!-- permission-matrix:start -->')[1]
      ?.split('<!-- permission-matrix:end -->')[0];
    // Compared cell by cell: Prettier pads Markdown tables.
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .map((line) => line.split('|').map((c) => c.trim().replace(/^:?-+:?$/, '-')));
    expect(cells(block ?? '')).toEqual(cells(renderPermissionMatrix()));
  });

  it('README.md documents every environment variable', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const name of Object.keys(ENVIRONMENT.shape)) expect(readme, name).toContain(`\`${name}\``);
  });

  it('docs/registry.md names every import column and every row problem code', () => {
    const doc = fs.readFileSync('docs/registry.md', 'utf8');
    for (const c of [...OUTLET_COLUMNS, ...STAFF_COLUMNS]) {
      expect(doc, c.key).toContain(`| ${c.zh} `);
      expect(doc, c.key).toContain(`| ${c.en} `);
    }
    // The codes the web app translates are the codes an import reports.
    for (const code of Object.keys(zhClients.import.problem)) expect(doc, code).toContain(`\`${code}\``);
  });

  it('README.md holds the two commands for a fresh machine', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
  });
});

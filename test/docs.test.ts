import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPermissionMatrix } from '../src/domain/access/roles.ts';
import { ENVIRONMENT } from '../src/config/config.ts';

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

  it('README.md holds the two commands for a fresh machine', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
  });
});

/**
 * Writes the JSON Schemas of the scheme package and body overlay formats next to the built-in packages:
 *   node --import tsx scripts/generate-scheme-schema.ts          (write)
 *   node --import tsx scripts/generate-scheme-schema.ts --check  (exit 1 when a file is out of date)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyOverlayJsonSchema, schemePackageJsonSchema } from '../src/domain/schemes/json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = [
  { file: join(root, 'schemes', 'scheme-package.schema.json'), schema: schemePackageJsonSchema() },
  { file: join(root, 'schemes', 'scheme-overlay.schema.json'), schema: bodyOverlayJsonSchema() },
];

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, schema } of targets) {
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      stale++;
      console.error(`out of date: ${file}`);
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
if (stale > 0) process.exit(1);

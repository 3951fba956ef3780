// Builds the web app before `npm start` when dist/web is missing or older than its sources,
// so a fresh clone serves the UI and a restart does not rebuild for nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('dist/web/index.html');
const newest = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);

const sources = Math.max(
  newest('src/web'),
  newest('src/modules'),
  newest('src/domain'),
  fs.statSync('vite.config.ts').mtimeMs,
);
if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < sources) {
  console.log('Building the web app (once; about a minute on a small machine)…');
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const EXAMPLES_DIR = 'src/domain/scoring/examples';
const BUILTIN = 'schemes/gbt27922-2011/package.yaml';
let dir: string;
let testDb: TestDatabase;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-cli-'));
  testDb = await createTestDatabase();
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await testDb.drop();
});

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' },
    readStdin: async () => '',
  });
  return { code, out, err };
}

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('starmark score', () => {
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it.each(files)('reproduces worked example %s', async (file) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
    const args = ['score', write(`${file}.evaluation.json`, example.evaluation)];
    if (example.overlay) args.push('--overlay', write(`${file}.overlay.yaml`, example.overlay));
    const r = await cli(...args);
    const e = example.expected;
    if (e.error) {
      expect(r.code).toBe(2);
      expect(r.err).toContain(e.error.code);
      expect(r.err).toContain(e.error.path);
      return;
    }
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.status).toBe(e.status);
    if (e.score !== undefined) expect(result.totals.score).toBe(e.score);
    if (e.level !== undefined) expect(result.outcome.level?.id ?? null).toBe(e.level);
    if (e.lostPoints) {
      for (const [node, points] of Object.entries(e.lostPoints)) {
        const lost = result.trace.lostPoints
          .filter((l: { node: string }) => l.node === node)
          .reduce((s: number, l: { points: number }) => s + l.points, 0);
        expect(lost, `lost points of ${node}`).toBeCloseTo(points as number, 6);
      }
    }
  });

  it('exits 2 naming the bad fields of an invalid document, and of a file that is not JSON', async () => {
    const bad = await cli(
      'score',
      write('bad.json', {
        scheme: { urn: 'urn:starmark:scheme:gbt27922:2011' },
        results: [{ node: '5.1.1.1', method: 'qualitative', conforms: 'yes' }],
      }),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/scheme\.version/);
    const notJson = await cli('score', write('bad.txt', 'hello'));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('not valid JSON');
    expect((await cli('score', path.join(dir, 'missing.json'))).err).toContain('no such file');
  });
});

describe('starmark scheme', () => {
  it('validate accepts the built-in package and lists a broken one’s problems with lines', async () => {
    const ok = await cli('scheme', 'validate', BUILTIN);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/valid — urn:starmark:scheme:gbt27922:2011 1\.0\.0, content hash [0-9a-f]{64}/);
    const broken = fs.readFileSync(BUILTIN, 'utf8').replace(/^(\s+points: )40$/m, '$141');
    const r = await cli('scheme', 'validate', write('broken.yaml', broken));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.yaml:\d+:\d+ error/);
  });

  it('diff lists the changed points between the built-in package and an overlay', async () => {
    const example = JSON.parse(
      fs.readFileSync(path.join(EXAMPLES_DIR, '16-staffing-proportional.json'), 'utf8'),
    );
    const r = await cli('scheme', 'diff', BUILTIN, write('overlay16.yaml', example.overlay));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toBeTypeOf('object');
  });

  it('publish puts a body version into the database library; export prints it back; a republish is refused', async () => {
    await cli('seed', '--demo');
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, '18-metric-bands.json'), 'utf8'));
    const overlayFile = write('overlay18.yaml', example.overlay);
    const pub = await cli('scheme', 'publish', overlayFile);
    expect(pub.code, pub.err).toBe(0);
    expect(pub.out).toMatch(
      /published urn:starmark:scheme:gbt27922:2011:cb:example example-1 .* content hash [0-9a-f]{64}/,
    );
    const exp = await cli('scheme', 'export', example.overlay.urn, example.overlay.version);
    expect(exp.code).toBe(0);
    expect(exp.out).toContain('kind: metric');
    const again = await cli('scheme', 'publish', overlayFile);
    expect(again.code).toBe(2);
    expect(again.err).toContain('scheme_version_exists');
  });
});

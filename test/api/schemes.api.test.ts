import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
} from '../helpers/test-app.ts';

const BUILTIN_URN = 'urn:starmark:scheme:gbt27922:2011';
const EXAMPLES_DIR = 'src/domain/scoring/examples';

let t: TestApp;
let manager: Session;
let evaluator: Session;
let otherCb: Session;
let builtinId: string;

beforeAll(async () => {
  t = await createTestApp();
  const tenant = await createTenant(t.ctx);
  manager = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['schemeManager'])).email);
  evaluator = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['evaluator'])).email);
  const other = await createTenant(t.ctx, 'Other');
  otherCb = await login(t.app, (await createUser(t.ctx, other.cbId, ['schemeManager'])).email);
  const list = (await manager.get('/api/schemes')).json();
  builtinId = list.items.find((s: { urn: string }) => s.urn === BUILTIN_URN).id;
});
afterAll(() => t.close());

/** Derives a body version with the overlay's changes and policies, and publishes it. */
async function publishOverlay(overlay: {
  urn: string;
  version: string;
  changes: unknown[];
  policies?: unknown;
}) {
  const draft = await manager.post(`/api/schemes/${builtinId}/derive`, {
    urn: overlay.urn,
    schemeVersion: overlay.version,
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const updated = await manager.put(`/api/schemes/${draft.json().id}/overlay`, {
    changes: overlay.changes,
    ...(overlay.policies ? { policies: overlay.policies } : {}),
    version: 1,
  });
  expect(updated.statusCode, updated.body).toBe(200);
  const published = await manager.post(`/api/schemes/${draft.json().id}/publish`, { version: 2 });
  expect(published.statusCode, published.body).toBe(200);
  return published.json();
}

describe('scheme library', () => {
  it('holds the built-in GB/T 27922-2011 reference, published, with its provisional values counted', async () => {
    const list = (await evaluator.get('/api/schemes')).json();
    const builtin = list.items.find((s: { urn: string }) => s.urn === BUILTIN_URN);
    expect(builtin).toMatchObject({
      kind: 'reference',
      status: 'published',
      builtin: true,
      schemeVersion: '1.0.0',
    });
    expect(builtin.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(builtin.provisionalCount).toBeGreaterThan(0);
    const detail = (await evaluator.get(`/api/schemes/${builtin.id}`)).json();
    expect(detail.package.tree.points).toBe(100);
    expect(detail.package.tree.children.map((c: { points: number }) => c.points)).toEqual([40, 35, 25]);
    // Every body gets the same content under the same hash.
    const other = (await otherCb.get('/api/schemes'))
      .json()
      .items.find((s: { urn: string }) => s.urn === BUILTIN_URN);
    expect(other.contentHash).toBe(builtin.contentHash);
    expect(other.id).not.toBe(builtin.id);
  });

  it('a body derives, edits, publishes and diffs its own version without touching the reference', async () => {
    const draft = (
      await manager.post(`/api/schemes/${builtinId}/derive`, {
        urn: `${BUILTIN_URN}:cb:demo`,
        schemeVersion: '2026.1',
      })
    ).json();
    expect(draft).toMatchObject({ kind: 'body', status: 'draft', derivedFrom: { id: builtinId } });
    const edit = await manager.put(`/api/schemes/${draft.id}/overlay`, {
      changes: [
        {
          op: 'addGuidance',
          node: '5.1.1.1',
          guidance: { zh: '查阅组织架构图与岗位说明书', en: 'Read the org chart and job descriptions' },
        },
      ],
      version: 1,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    const stale = await manager.put(`/api/schemes/${draft.id}/overlay`, { changes: [], version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');

    const published = (await manager.post(`/api/schemes/${draft.id}/publish`, { version: 2 })).json();
    expect(published.status).toBe('published');
    expect(published.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await manager.put(`/api/schemes/${draft.id}/overlay`, { changes: [], version: 3 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('scheme_version_frozen');

    const diff = (await manager.get(`/api/schemes/${draft.id}/diff?against=${builtinId}`)).json();
    expect(diff.to.derivedFrom).toMatchObject({ id: builtinId });
    expect(JSON.stringify(diff.diff)).toContain('5.1.1.1');
    const reference = (await manager.get(`/api/schemes/${builtinId}`)).json();
    expect(JSON.stringify(reference.package)).not.toContain('查阅组织架构图与岗位说明书');
  });

  it('imports YAML, answering each problem with its line, and never stores an invalid package', async () => {
    const exported = await manager.get(`/api/schemes/${builtinId}/export`);
    expect(exported.headers['content-type']).toContain('application/yaml');
    const yaml = exported.body
      .replace(/^version: 1\.0\.0$/m, 'version: 9.9.9')
      .replace(
        /^urn: urn:starmark:scheme:gbt27922:2011$/m,
        'urn: urn:starmark:scheme:gbt27922:2011:imported',
      );
    const ok = await manager.post('/api/schemes/import', { yaml });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().scheme).toMatchObject({ status: 'draft', schemeVersion: '9.9.9' });

    // Break the first second-level indicator's points (40 → 41): children no longer add up.
    const lines = yaml.split('\n');
    const i = lines.findIndex((l) => /^\s+points: 40$/.test(l));
    lines[i] = lines[i]!.replace('40', '41');
    const broken = await manager.post('/api/schemes/import', {
      yaml: lines.join('\n').replace('version: 9.9.9', 'version: 9.9.10'),
    });
    expect(broken.statusCode).toBe(422);
    const issue = broken.json().issues.find((x: { severity: string }) => x.severity === 'error');
    expect(issue.line).toBeGreaterThan(0);
    expect(issue.message).toMatch(/points|add/i);

    const syntax = await manager.post('/api/schemes/import', { yaml: 'format: [unclosed\n' });
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().issues[0]).toMatchObject({ code: 'yaml_syntax', line: expect.any(Number) });
    const names = (await manager.get('/api/schemes'))
      .json()
      .items.map((s: { schemeVersion: string }) => s.schemeVersion);
    expect(names).not.toContain('9.9.10');
  });

  it('refuses a malformed derive request with 400 naming the field, never a 500', async () => {
    for (const body of [
      { urn: 'urn:CB:scheme:x', schemeVersion: '1' },
      { urn: `${BUILTIN_URN}:cb:t`, schemeVersion: '1', title: { zh: 'x', en: '' } },
    ]) {
      const res = await manager.post(`/api/schemes/${builtinId}/derive`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.issues[0].field).toMatch(/^body\.(urn|title)/);
    }
  });

  it('another body’s scheme versions answer 404', async () => {
    expect((await otherCb.get(`/api/schemes/${builtinId}`)).statusCode).toBe(404);
  });
});

describe('POST /api/calculations/score', () => {
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it.each(files)('reproduces worked example %s', async (file) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
    if (example.overlay) {
      // Examples share an overlay URN with different changes: give each its own version here.
      const version = `${example.overlay.version}-${file.slice(0, 2)}`;
      await publishOverlay({ ...example.overlay, version });
      example.evaluation.scheme.version = version;
    }
    const res = await evaluator.post('/api/calculations/score', example.evaluation);
    const e = example.expected;
    if (e.error) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({ code: e.error.code, details: { path: e.error.path } });
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.status).toBe(e.status);
    if (e.score !== undefined) expect(r.totals.score).toBe(e.score);
    if (e.scoreText !== undefined) expect(r.totals.scoreText).toBe(e.scoreText);
    if (e.level !== undefined) expect(r.outcome.level?.id ?? null).toBe(e.level);
    if (e.passed !== undefined) expect(r.outcome.passed).toBe(e.passed);
  });

  it('refuses an unpublished version and an unknown one, naming the place', async () => {
    const draft = (
      await manager.post(`/api/schemes/${builtinId}/derive`, {
        urn: `${BUILTIN_URN}:cb:draft`,
        schemeVersion: 'd1',
      })
    ).json();
    const res = await evaluator.post('/api/calculations/score', {
      scheme: { urn: draft.urn, version: 'd1' },
      results: [],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'scheme_not_published',
      details: { path: 'scheme.version' },
    });
    const unknown = await evaluator.post('/api/calculations/score', {
      scheme: { urn: 'urn:x:nothing', version: '1' },
      results: [],
    });
    expect(unknown.json().error.code).toBe('unknown_scheme_version');
  });
});

describe('sampling and effort', () => {
  const outlets = Array.from({ length: 30 }, (_, i) => ({
    id: `O${i + 1}`,
    region: i % 3 === 0 ? '440000' : '310000',
    ownership: i % 4 === 0 ? 'contracted' : 'owned',
    ...(i === 5 ? { risk: { complaints: 3 } } : {}),
  }));
  const scheme = { urn: BUILTIN_URN, version: '1.0.0' };

  it('draws a reproducible sample of ceil(√n) outlets with a reason for each', async () => {
    const a = (
      await evaluator.post('/api/calculations/sample', { scheme, stage: 'initial', seed: 'EV-1', outlets })
    ).json();
    const b = (
      await evaluator.post('/api/calculations/sample', { scheme, stage: 'initial', seed: 'EV-1', outlets })
    ).json();
    expect(a).toEqual(b);
    expect(a.size.sampleSize).toBe(6); // ceil(√30)
    expect(JSON.stringify(a)).toContain('why');
  });

  it('computes effort in person-days with its intermediate values', async () => {
    const res = await evaluator.post('/api/calculations/effort', {
      scheme,
      stage: 'initial',
      enterprise: { employees: 120 },
      visitedOutlets: 6,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rounded * 2).toBe(Math.round(r.rounded * 2)); // half days
    expect(r.outlets.personDays).toBeGreaterThanOrEqual(3); // at least 0.5 per visited outlet
  });
});

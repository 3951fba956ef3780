import { hasPermission, type Permission, type Role } from '../../src/domain/access/roles.ts';
import { createUser, login, type Session, type TestApp } from '../helpers/test-app.ts';
import { upload } from '../helpers/registry.ts';
import { ok } from '../helpers/workflow.ts';
import type { WorkflowTargets } from './permission-matrix.workflow.ts';

/**
 * Mystery visits' routes for the permission matrix (permission-matrix.api.test.ts). Targets live on the
 * tenant's started evaluation (permission-matrix.workflow.ts), in the tenant's client organisation. The
 * shopper's routes serve only the shopper a visit is assigned to: a matrix user is assigned none, so they
 * answer 404 even with the permission (mystery-visits.api.test.ts covers the owner). A client user reads a
 * visit only once it is approved, so the read target is an approved visit.
 */
type Where = 'own' | 'other';
type VisitKind = 'assigned' | 'submitted' | 'approved';

export interface MysteryTargets {
  scenario(where: Where): Promise<string>;
  /** A fresh scenario with a draft (to edit or publish). */
  draftScenario(where: Where): Promise<{ id: string; version: number; content: unknown }>;
  shopper(where: Where): Promise<{ id: string; session: Session }>;
  evaluation(where: Where): Promise<string>;
  /** A sampled outlet of the evaluation. */
  site(where: Where): Promise<string>;
  visit(where: Where, kind: VisitKind, fresh: boolean): Promise<{ id: string; version: number }>;
  file(where: Where): Promise<{ id: string; fileId: string }>;
}

export interface MysteryRouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  permission: Permission | null;
  ok: number;
  request(
    t: { mystery: MysteryTargets },
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown; upload?: { file: Buffer; filename: string } }>;
  other?: 'notFound' | 'emptyList' | 'none';
  okFor?: Partial<Record<Role, number>>;
}

/**
 * Reads of an evaluation's visits are for its people: planners (cbAdmin, programme manager), reviewers and
 * the evaluation's team. A matrix evaluator or decision maker is on no team and assigned no visit: 404.
 */
const OUTSIDE_PEOPLE: Partial<Record<Role, number>> = { evaluator: 404 };

export const JPG = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(64)]);
const WINDOW = { windowStart: '2026-11-30T00:00:00.000Z', windowEnd: '2026-12-02T00:00:00.000Z' };
const ANSWERS = [
  ['greet', 'yes'],
  ['badge', 'yes'],
  ['warranty', 'yes'],
  ['repairProcess', 'no'],
  ['complaint', 'na'],
  ['attitude', 4],
].map(([questionId, value]) => ({ questionId, value }));

/** `workflow` is read lazily: the workflow targets are built beside these. */
export function mysteryTargets(t: TestApp, workflowOf: () => WorkflowTargets): MysteryTargets {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  let n = 0;
  const pm = async (where: Where) => (await workflowOf().fixture(where)).as('programmeManager');
  const reviewer = async (where: Where) => (await workflowOf().fixture(where)).as('reviewer');
  const targets: MysteryTargets = {
    scenario: (where) =>
      once(`scenario:${where}`, async () => {
        const list = ok(await (await pm(where)).get('/api/mystery-scenarios')).items;
        return list.find((s: { code: string }) => s.code === 'GBT27922-STORE').id as string;
      }),
    draftScenario: async (where) => {
      const s = await pm(where);
      const base = ok(await s.get(`/api/mystery-scenarios/${await targets.scenario(where)}`));
      const created = ok(
        await s.post('/api/mystery-scenarios', {
          code: `MATRIX-${++n}`,
          schemeUrn: base.schemeUrn,
          content: base.latest.content,
        }),
        201,
      );
      return { id: created.id, version: created.version, content: base.latest.content };
    },
    shopper: (where) =>
      once(`shopper:${where}`, async () => {
        const f = await workflowOf().fixture(where);
        const u = await createUser(t.ctx, f.tenant.cbId, ['mysteryShopper']);
        return { id: u.id, session: await login(t.app, u.email) };
      }),
    evaluation: (where) => workflowOf().target(where, 'started', false),
    site: (where) =>
      once(`site:${where}`, async () => {
        const ev = ok(await (await pm(where)).get(`/api/evaluations/${await targets.evaluation(where)}`));
        return ev.sites.find((s: { kind: string }) => s.kind === 'outlet').id as string;
      }),
    visit: (where, kind, fresh) => {
      const make = async () => {
        const shopper = await targets.shopper(where);
        const res = ok(
          await (
            await pm(where)
          ).post(`/api/evaluations/${await targets.evaluation(where)}/mystery-visits`, {
            scenarioId: await targets.scenario(where),
            siteIds: [await targets.site(where)],
            count: 1,
            shopperId: shopper.id,
            ...WINDOW,
          }),
          201,
        );
        let v = res.items[0] as { id: string; version: number };
        if (kind === 'assigned') return v;
        const s = shopper.session;
        v = ok(await s.post(`/api/my/mystery-visits/${v.id}/start`, { version: v.version }));
        v = ok(
          await s.patch(`/api/my/mystery-visits/${v.id}`, {
            version: v.version,
            answers: ANSWERS,
            gps: { latitude: 32.04, longitude: 118.78, accuracy: 10, at: '2026-11-30T02:00:00.000Z' },
            endedAt: '2026-11-30T02:20:00.000Z',
          }),
        );
        ok(
          await upload(t.app, s, `/api/my/mystery-visits/${v.id}/evidence?key=storefront`, JPG, 'front.jpg'),
        );
        v = ok(await s.post(`/api/my/mystery-visits/${v.id}/submit`, { version: v.version }));
        if (kind === 'submitted') return v;
        return ok(
          await (
            await reviewer(where)
          ).post(`/api/mystery-visits/${v.id}/review`, {
            version: v.version,
            action: 'approve',
            acknowledgeFlags: true,
          }),
        ) as { id: string; version: number };
      };
      return fresh ? make() : once(`visit:${where}:${kind}`, make);
    },
    file: (where) =>
      once(`file:${where}`, async () => {
        const v = await targets.visit(where, 'approved', false);
        const full = ok(await (await reviewer(where)).get(`/api/mystery-visits/${v.id}`));
        return { id: v.id, fileId: full.files[0].id as string };
      }),
  };
  return targets;
}

const fresh = (role: Role, permission: Permission, where: Where) =>
  where === 'own' && hasPermission([role], permission);

export const MYSTERY_ROUTES: MysteryRouteCase[] = [
  // ── scenarios ──
  {
    method: 'GET',
    path: '/api/mystery-scenarios',
    permission: 'mysteryVisits.plan',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/mystery-scenarios' }),
  },
  {
    method: 'POST',
    path: '/api/mystery-scenarios',
    permission: 'mysteryVisits.plan',
    ok: 201,
    other: 'none',
    request: async (t, _w, role) => {
      const base = await t.mystery.draftScenario('own');
      return {
        url: '/api/mystery-scenarios',
        body: {
          code: `MX-${role.toUpperCase()}-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
          schemeUrn: 'urn:starmark:scheme:gbt27922:2011',
          content: base.content,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/mystery-scenarios/:id',
    permission: 'mysteryVisits.plan',
    ok: 200,
    request: async (t, w) => ({ url: `/api/mystery-scenarios/${await t.mystery.scenario(w)}` }),
  },
  {
    method: 'PATCH',
    path: '/api/mystery-scenarios/:id',
    permission: 'mysteryVisits.plan',
    ok: 200,
    request: async (t, w) => {
      const s = await t.mystery.draftScenario(w);
      return { url: `/api/mystery-scenarios/${s.id}`, body: { version: s.version, content: s.content } };
    },
  },
  {
    method: 'POST',
    path: '/api/mystery-scenarios/:id/publish',
    permission: 'mysteryVisits.plan',
    ok: 200,
    request: async (t, w) => {
      const s = await t.mystery.draftScenario(w);
      return { url: `/api/mystery-scenarios/${s.id}/publish`, body: { version: s.version } };
    },
  },
  // ── planning and reading ──
  {
    method: 'GET',
    path: '/api/mystery-shoppers',
    permission: 'mysteryVisits.plan',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/mystery-shoppers' }),
  },
  {
    method: 'POST',
    path: '/api/evaluations/:id/mystery-visits',
    permission: 'mysteryVisits.plan',
    ok: 201,
    request: async (t, w) => {
      const evaluation = await t.mystery.evaluation(w);
      const shopper = await t.mystery.shopper(w);
      return {
        url: `/api/evaluations/${evaluation}/mystery-visits`,
        body: {
          scenarioId: await t.mystery.scenario(w),
          siteIds: [await t.mystery.site(w)],
          count: 1,
          shopperId: shopper.id,
          ...WINDOW,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/mystery-visits',
    permission: 'mysteryVisits.read',
    ok: 200,
    okFor: OUTSIDE_PEOPLE,
    request: async (t, w) => ({ url: `/api/evaluations/${await t.mystery.evaluation(w)}/mystery-visits` }),
  },
  {
    // Lists only what the caller reads (a matrix evaluator: nothing), so 200 for everyone with the permission.
    method: 'GET',
    path: '/api/mystery-evaluations',
    permission: 'mysteryVisits.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/mystery-evaluations' }),
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/mystery-results',
    permission: 'mysteryVisits.read',
    ok: 200,
    okFor: OUTSIDE_PEOPLE,
    request: async (t, w) => ({ url: `/api/evaluations/${await t.mystery.evaluation(w)}/mystery-results` }),
  },
  {
    method: 'GET',
    path: '/api/mystery-visits/:id',
    permission: 'mysteryVisits.read',
    ok: 200,
    okFor: OUTSIDE_PEOPLE,
    request: async (t, w) => ({
      url: `/api/mystery-visits/${(await t.mystery.visit(w, 'approved', false)).id}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/mystery-visits/:id/evidence/:fileId',
    permission: 'mysteryVisits.evidence',
    ok: 200,
    okFor: OUTSIDE_PEOPLE,
    request: async (t, w) => {
      const f = await t.mystery.file(w);
      return { url: `/api/mystery-visits/${f.id}/evidence/${f.fileId}` };
    },
  },
  // ── review ──
  {
    method: 'POST',
    path: '/api/mystery-visits/:id/review',
    permission: 'mysteryVisits.review',
    ok: 200,
    request: async (t, w, role) => {
      const v = await t.mystery.visit(w, 'submitted', fresh(role, 'mysteryVisits.review', w));
      return {
        url: `/api/mystery-visits/${v.id}/review`,
        body: { version: v.version, action: 'approve', acknowledgeFlags: true },
      };
    },
  },
  {
    method: 'PATCH',
    path: '/api/mystery-visits/:id/answers',
    permission: 'mysteryVisits.review',
    ok: 200,
    request: async (t, w, role) => {
      const v = await t.mystery.visit(w, 'submitted', fresh(role, 'mysteryVisits.review', w));
      return {
        url: `/api/mystery-visits/${v.id}/answers`,
        body: { version: v.version, questionId: 'attitude', value: 3, reason: 'matrix' },
      };
    },
  },
  // ── the shopper (a matrix user is assigned no visit: 404) ──
  {
    method: 'GET',
    path: '/api/my/mystery-visits',
    permission: 'mysteryVisits.conduct',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/my/mystery-visits' }),
  },
  {
    method: 'GET',
    path: '/api/my/mystery-visits/:id',
    permission: 'mysteryVisits.conduct',
    ok: 404,
    request: async (t, w) => ({
      url: `/api/my/mystery-visits/${(await t.mystery.visit(w, 'assigned', false)).id}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/my/mystery-visits/:id/start',
    permission: 'mysteryVisits.conduct',
    ok: 404,
    request: async (t, w) => {
      const v = await t.mystery.visit(w, 'assigned', false);
      return { url: `/api/my/mystery-visits/${v.id}/start`, body: { version: v.version } };
    },
  },
  {
    method: 'PATCH',
    path: '/api/my/mystery-visits/:id',
    permission: 'mysteryVisits.conduct',
    ok: 404,
    request: async (t, w) => {
      const v = await t.mystery.visit(w, 'assigned', false);
      return { url: `/api/my/mystery-visits/${v.id}`, body: { version: v.version, answers: ANSWERS } };
    },
  },
  {
    method: 'POST',
    path: '/api/my/mystery-visits/:id/evidence',
    permission: 'mysteryVisits.conduct',
    ok: 404,
    request: async (t, w) => ({
      url: `/api/my/mystery-visits/${(await t.mystery.visit(w, 'assigned', false)).id}/evidence?key=storefront`,
      upload: { file: JPG, filename: 'front.jpg' },
    }),
  },
  {
    method: 'POST',
    path: '/api/my/mystery-visits/:id/submit',
    permission: 'mysteryVisits.conduct',
    ok: 404,
    request: async (t, w) => {
      const v = await t.mystery.visit(w, 'assigned', false);
      return { url: `/api/my/mystery-visits/${v.id}/submit`, body: { version: v.version } };
    },
  },
];

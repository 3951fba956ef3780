/**
 * Mystery visits on the demo data (issue 7): the shopper (shopper@starmark.local) completes the two visits
 * assigned on the demo evaluation in progress on a 390 × 844 phone — start, GPS check-in, answers, a
 * storefront photo (a wrong file type refused before upload), submit; the reviewer approves one and sends
 * the other back; the evaluation's live score and trace change exactly by the approved visit's samples.
 */
import type { E2eContext, E2eTest, Page } from './harness.ts';
import { assert, assertEqual } from './harness.ts';
import { rawKeys } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

const PHONE = { width: 390, height: 844 };
const JPG = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(2048)]);
const state: { evaluationId?: string; refs?: string[] } = {};

/** A phone-sized, GPS-enabled browser signed in as the demo shopper. */
async function shopperPhone(ctx: E2eContext): Promise<Page> {
  const context = await ctx.browser.newContext({
    baseURL: ctx.baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    geolocation: { latitude: 32.0415, longitude: 118.784, accuracy: 12 },
    permissions: ['geolocation'],
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto('/login');
  await signIn(page, 'shopper@starmark.local', ctx.admin.password);
  return page;
}

async function as(ctx: E2eContext, who: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto('/login');
  await signIn(page, `${who}@starmark.local`, ctx.admin.password);
  return page;
}

async function noRawKeys(page: Page, where: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const keys = await rawKeys(page);
  assert(keys.length === 0, `${where} shows raw keys: ${keys.join(', ')}`);
}

async function noOverflow(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `${where} is ${overflow} px wider than a 390 px phone`);
}

/** Click an answer and wait until the server has it (the buttons are disabled while saving). */
async function answer(page: Page, question: string, label: string): Promise<void> {
  const group = page.getByTestId(`answer-${question}`);
  await group.locator('label.ant-radio-button-wrapper').filter({ hasText: label }).first().click();
  await group.locator('label.ant-radio-button-wrapper-checked').filter({ hasText: label }).waitFor();
  await page.waitForFunction(
    (q) => !document.querySelector(`[data-testid="answer-${q}"] .ant-radio-button-wrapper-disabled`),
    question,
  );
}

async function doVisit(ctx: E2eContext, page: Page, ref: string, answers: [string, string][], shot: string) {
  await page.goto('/my-visits');
  await page.locator(`[data-testid="my-visit"][data-ref="${ref}"]`).click();
  await page.getByTestId('visit-start').click();
  await page.getByTestId('visit-timer').waitFor();
  await page.getByTestId('visit-gps').click();
  await page.getByTestId('visit-gps').filter({ hasText: '已签到' }).waitFor();
  for (const [q, label] of answers) await answer(page, q, label);
  // A wrong file type is refused on the phone, before anything is sent.
  await page
    .locator('#evidence-storefront')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await page.getByTestId('file-error').waitFor();
  await page
    .locator('#evidence-storefront')
    .setInputFiles({ name: 'storefront.jpg', mimeType: 'image/jpeg', buffer: JPG });
  await page.getByTestId('evidence-storefront').filter({ hasText: 'storefront.jpg' }).waitFor();
  await noRawKeys(page, `visit ${ref}`);
  await noOverflow(page, `visit ${ref}`);
  await ctx.screenshot(page, `${shot}-form-390`);
  await page.getByTestId('visit-submit').click();
  await page.locator('[data-testid="visit-state"][data-state="submitted"]').waitFor();
  await ctx.screenshot(page, `${shot}-submitted-390`);
}

export const tests: E2eTest[] = [
  {
    name: 'mystery visits: the shopper completes two visits on a phone',
    async run(ctx) {
      const page = await shopperPhone(ctx);
      await page.goto('/my-visits');
      await page.getByTestId('my-visit').first().waitFor();
      const mine = (await (await page.request.get('/api/my/mystery-visits')).json()) as {
        items: { ref: string; evaluationId: string; state: string }[];
      };
      assertEqual(mine.items.length, 2, 'visits assigned to the demo shopper');
      state.evaluationId = mine.items[0]!.evaluationId;
      state.refs = mine.items.map((v) => v.ref);
      await noRawKeys(page, '/my-visits');
      await noOverflow(page, '/my-visits');
      await ctx.screenshot(page, 'mystery-my-visits-390');
      await doVisit(
        ctx,
        page,
        state.refs[0]!,
        [
          ['greet', '否'],
          ['badge', '是'],
          ['warranty', '是'],
          ['repairProcess', '否'],
          ['complaint', '不适用'],
          ['attitude', '3'],
        ],
        'mystery-visit-1',
      );
      await doVisit(
        ctx,
        page,
        state.refs[1]!,
        [
          ['greet', '是'],
          ['badge', '否'],
          ['warranty', '是'],
          ['repairProcess', '是'],
          ['complaint', '是'],
          ['attitude', '5'],
        ],
        'mystery-visit-2',
      );
    },
  },
  {
    name: 'mystery visits: the reviewer approves one, sends one back; score and trace change by its samples',
    async run(ctx) {
      assert(state.evaluationId && state.refs, 'the shopper step did not run');
      const page = await as(ctx, 'reviewer');
      const score = async () =>
        (await (await page.request.get(`/api/evaluations/${state.evaluationId}/score`)).json()) as {
          totals: { achievedPoints: number };
          trace: { lostPoints: { node: string; points: number; evidence: string[] }[] };
        };
      const documentOf = async () =>
        (await (await page.request.get(`/api/evaluations/${state.evaluationId}/document`)).json()) as {
          results: { node: string; method: string; samples?: { source: string; ref?: string }[] }[];
        };
      const before = await score();
      const docBefore = await documentOf();

      await page.goto(`/mystery-visits?evaluation=${state.evaluationId}`);
      await page.getByTestId(`visit-row-${state.refs[0]}`).click();
      await page.getByTestId('review-actions').waitFor();
      await noRawKeys(page, 'review drawer');
      await ctx.screenshot(page, 'mystery-review-drawer');
      // The visit lasted seconds, not minutes: the flag must be acknowledged before approval.
      if (await page.getByTestId('visit-flags').isVisible()) await page.getByTestId('review-ack').click();
      await page.getByTestId('review-approve').click();
      await page
        .getByTestId('review-drawer')
        .locator('[data-testid="visit-state"][data-state="approved"]')
        .waitFor();
      await page.keyboard.press('Escape');

      await page.getByTestId(`visit-row-${state.refs[1]}`).click();
      await page
        .getByTestId('review-drawer')
        .locator('[data-testid="visit-state"][data-state="submitted"]')
        .waitFor();
      await page.getByTestId('review-note').fill('请补拍门头照片，并说明工牌情况');
      await page.getByTestId('review-return').click();
      await page
        .getByTestId('review-drawer')
        .locator('[data-testid="visit-state"][data-state="returned"]')
        .waitFor();
      await page.keyboard.press('Escape');

      // Exactly the approved visit's samples: 5.3.1 1/3, 5.2.5 1/1, 5.2.4 0/1, named after its outlet and pooled
      // with whatever the item had (the roll-up appends them; items without results gain one).
      const visits = (await (
        await page.request.get(`/api/evaluations/${state.evaluationId}/mystery-visits`)
      ).json()) as { items: { ref: string; outlet: { code: string } }[] };
      const ref = state.refs[0]!;
      const outlet = visits.items.find((v) => v.ref === ref)!.outlet.code;
      const records: [string, Record<string, unknown>][] = [
        [
          '5.2.4',
          { source: 'mysteryVisit', ref: `MV ${outlet}`, checked: 1, conforming: 0, evidence: [ref] },
        ],
        ['5.2.5', { source: 'mysteryVisit', ref: `MV ${outlet}`, checked: 1, conforming: 1 }],
        [
          '5.3.1',
          { source: 'mysteryVisit', ref: `MV ${outlet}`, checked: 3, conforming: 1, evidence: [ref] },
        ],
      ];
      const expected = structuredClone(docBefore);
      for (const [node, record] of records) {
        const r = expected.results.find((x) => x.node === node);
        if (r) r.samples = [...(r.samples ?? []), record as { source: string }];
        else expected.results.push({ node, method: 'sampled', samples: [record as { source: string }] });
      }
      const docAfter = await documentOf();
      // Other sources (e.g. customer surveys) are appended too: compare regardless of order.
      const canonical = (d: typeof expected) =>
        JSON.stringify({
          ...d,
          results: [...d.results]
            .sort((x, y) => x.node.localeCompare(y.node))
            .map((r) => ({ ...r, samples: [...(r.samples ?? [])].map((x) => JSON.stringify(x)).sort() })),
        });
      assertEqual(
        canonical(docAfter),
        canonical(expected),
        'the document gained exactly the visit’s samples',
      );
      const after = await score();
      const csrf = ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string })
        .csrfToken;
      const engine = (await (
        await page.request.post('/api/calculations/score', {
          data: expected,
          headers: { 'x-csrf-token': csrf },
        })
      ).json()) as Awaited<ReturnType<typeof score>>;
      assertEqual(
        JSON.stringify(after.totals),
        JSON.stringify(engine.totals),
        'live score = engine on that document',
      );
      assert(after.totals.achievedPoints !== before.totals.achievedPoints, 'the achieved points changed');
      const named = after.trace.lostPoints.filter((l) => l.evidence.includes(ref)).map((l) => l.node);
      assertEqual(named.sort().join(','), '5.2.4,5.3.1', 'items whose lost points name the approved visit');

      await page.getByRole('tab', { name: '结果' }).click();
      await page.getByTestId('heat-map').waitFor();
      await page.getByTestId('trace-loss').first().waitFor();
      await noRawKeys(page, 'mystery results');
      await ctx.screenshot(page, 'mystery-results');
      await page.getByRole('tab', { name: '分派' }).click();
      await page.getByTestId('plan-form').waitFor();
      await ctx.screenshot(page, 'mystery-plan');
    },
  },
  {
    name: 'mystery visits: the client picks its evaluation and sees the approved visit only, without the shopper',
    async run(ctx) {
      assert(state.refs && state.evaluationId, 'the review step did not run');
      const page = await as(ctx, 'retail.admin');
      await page.goto('/mystery-visits');
      await page.getByTestId('evaluation-select').click();
      await page.locator('.ant-select-item-option').first().click();
      await page.getByTestId(`visit-row-${state.refs[0]}`).waitFor();
      assert(
        new URL(page.url()).searchParams.get('evaluation') === state.evaluationId,
        'picked the evaluation',
      );
      assertEqual(
        await page.getByTestId(`visit-row-${state.refs[1]}`).count(),
        0,
        'the visit sent back is not shown to the client',
      );
      assertEqual(
        await page.locator('th').filter({ hasText: '暗访员' }).count(),
        0,
        'the client sees no shopper column',
      );
      await noRawKeys(page, 'client mystery visits');
      await ctx.screenshot(page, 'mystery-client-picker');
    },
  },
  {
    name: 'mystery visits: a scenario is edited in a form, field errors shown, and published as a new version',
    async run(ctx) {
      const page = await as(ctx, 'programme');
      await page.goto('/mystery-visits');
      await page.getByRole('tab', { name: '场景' }).click();
      const card = page.getByTestId('scenario-GBT27922-STORE');
      const versionText = async () =>
        (await card.locator('.ant-typography-secondary').first().innerText()).trim();
      const before = await versionText();
      await card.getByTestId('scenario-edit').click();
      const editor = card.getByTestId('scenario-editor');
      await editor.waitFor();
      // A new question mapped to an item that takes no mystery-visit samples: refused on its field.
      await editor.getByTestId('add-question').click();
      const questions = editor.locator('[data-testid^="question-"]');
      const last = questions.last();
      const n = await questions.count();
      await last.locator('input[id$="_text_zh"]').fill('离店时员工主动道别');
      await last.locator('input[id$="_node"]').fill('5.1.1.1');
      await editor.getByTestId('scenario-publish').click();
      await last.locator('.ant-form-item-explain-error').first().waitFor();
      await noRawKeys(page, 'scenario editor');
      await ctx.screenshot(page, 'mystery-scenario-field-error');
      // Mapped to a sampled item, moved up one place: published as the next version.
      await last.locator('input[id$="_node"]').fill('5.3.1');
      await last.getByRole('button', { name: '上移' }).click();
      assertEqual(
        await questions
          .nth(n - 2)
          .locator('input[id$="_text_zh"]')
          .inputValue(),
        '离店时员工主动道别',
        'the new question moved up',
      );
      await editor.getByTestId('scenario-publish').click();
      await editor.waitFor({ state: 'detached' });
      await card.getByText('离店时员工主动道别').waitFor();
      assert((await versionText()) !== before, `a new version (was ${before})`);
      await ctx.screenshot(page, 'mystery-scenario-published');
    },
  },
  {
    name: 'mystery visits: the shopper sees the visit sent back, with the reviewer’s note',
    async run(ctx) {
      assert(state.refs, 'the shopper step did not run');
      const page = await shopperPhone(ctx);
      await page.goto('/my-visits');
      await page.locator(`[data-testid="my-visit"][data-ref="${state.refs[1]}"]`).click();
      await page.locator('[data-testid="visit-state"][data-state="returned"]').waitFor();
      await page.getByText('请补拍门头照片，并说明工牌情况').waitFor();
      await noOverflow(page, 'returned visit');
      await ctx.screenshot(page, 'mystery-visit-returned-390');
    },
  },
];

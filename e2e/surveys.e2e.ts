/**
 * Customer surveys on the demo data (issue 8): a customer answers the demo campaign's open link on a
 * 390 × 844 phone (server-rendered page, no JavaScript needed); the programme manager imports a response
 * file on the CB page and sees the row report; the metrics per outlet show CSI and NPS with margins; the
 * evaluation's live score takes 5.3.1's customer-survey samples from the same responses.
 */
import type { E2eContext, E2eTest, Page } from './harness.ts';
import { assert, assertEqual } from './harness.ts';
import { rawKeys } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

const PHONE = { width: 390, height: 844 };
const state: { evaluationId?: string; campaignId?: string; openPath?: string; outletCodes?: string[] } = {};

async function programmeManager(ctx: E2eContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto('/login');
  await signIn(page, 'programme@starmark.local', ctx.admin.password);
  return page;
}

const json = <T>(page: Page, url: string) =>
  page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), url) as Promise<T>;

interface Campaign {
  id: string;
  openUrl: string;
  outlets: { siteId: string; code: string }[];
}
interface Metrics {
  overall: { responses: number; csi: number; csiMargin: number; nps: number; npsMargin: number };
  outlets: { code: string; responses: number; lowSample: boolean }[];
}

async function findDemo(page: Page) {
  if (state.campaignId) return;
  const evaluations = await json<{ items: { id: string; client: { name: string } }[] }>(
    page,
    '/api/evaluations',
  );
  const ev = evaluations.items.find((e) => e.client.name === '示例电器连锁有限公司');
  assert(ev, 'the demo evaluation in progress exists');
  const campaigns = await json<{ items: Campaign[] }>(page, `/api/evaluations/${ev.id}/survey-campaigns`);
  const c = campaigns.items[0];
  assert(c, 'the demo has a survey campaign');
  state.evaluationId = ev.id;
  state.campaignId = c.id;
  state.openPath = new URL(c.openUrl).pathname;
  state.outletCodes = c.outlets.map((o) => o.code);
}

const metrics = (page: Page) => json<Metrics>(page, `/api/survey-campaigns/${state.campaignId}/metrics`);

export const tests: E2eTest[] = [
  {
    name: 'surveys: a customer answers the open link on a 390 × 844 phone',
    async run(ctx) {
      const pm = await programmeManager(ctx);
      await findDemo(pm);
      const before = await metrics(pm);

      const context = await ctx.browser.newContext({
        baseURL: ctx.baseUrl,
        locale: 'zh-CN',
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        javaScriptEnabled: false,
      });
      try {
        const phone = await context.newPage();
        await phone.goto(state.openPath!);
        assertEqual(await phone.getAttribute('html', 'lang'), 'zh-CN', 'page language');
        const overflow = await phone
          .evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
          .catch(() => 0);
        assert(overflow <= 1, `the page is ${overflow} px wider than the phone`);
        await phone.selectOption('#q-siteId', { index: 1 });
        for (const [q, v] of [
          ['speed', '5'],
          ['attitude', '5'],
          ['competence', '4'],
          ['quality', '5'],
          ['overall', '5'],
          ['recommend', '10'],
        ] as const)
          await phone.locator(`input[name="${q}"][value="${v}"] + span`).click();
        await phone.locator('input[name="complained"][value="no"]').check();
        await phone.locator('input[name="channel"][value="store"]').check();
        await phone.locator('#q-comment').fill('师傅很专业 <b>谢谢</b>');
        await ctx.screenshot(phone, 'surveys-phone-form');
        await Promise.all([phone.waitForNavigation(), phone.locator('button[type="submit"]').click()]);
        if (!(await phone.getByRole('status').isVisible())) {
          await ctx.screenshot(phone, 'surveys-phone-after-submit');
          throw new Error(`no thank-you page: ${(await phone.textContent('body'))?.slice(0, 500)}`);
        }
        assert((await phone.textContent('body'))?.includes('感谢您的反馈'), 'the thank-you page is shown');
        await ctx.screenshot(phone, 'surveys-phone-thanks');
      } finally {
        await context.close();
      }
      const after = await metrics(pm);
      assertEqual(after.overall.responses, before.overall.responses + 1, 'responses after the phone answer');
    },
  },
  {
    name: 'surveys: import a response file on the CB page, see metrics per outlet and the score',
    async run(ctx) {
      const page = await programmeManager(ctx);
      await findDemo(page);
      const before = await metrics(page);
      await page.goto(`/surveys?evaluation=${state.evaluationId}&campaign=${state.campaignId}`);
      await page.getByTestId('survey-metrics').waitFor();
      await page.getByRole('tab', { name: '导入' }).click();
      const [a, b] = state.outletCodes!;
      const header =
        'outlet,speed,attitude,competence,quality,complained,complaints,overall,recommend,channel';
      const bad = [header, `${a},5,5,5,5,no,,5,10,phone`, `${b},7,5,5,5,no,,5,9,`].join('\r\n');
      const good = [
        header,
        `${a},5,5,5,5,no,,5,10,phone`,
        `${a},4,4,5,4,yes,4,4,9,store`,
        `${b},3,4,3,3,no,,3,6,`,
        `${b},5,4,4,5,no,,5,9,app;phone`,
      ].join('\r\n');
      const input = page
        .getByTestId('import-responses')
        .locator('xpath=ancestor::span[contains(@class,"ant-upload")]//input[@type="file"]');
      await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('import-report').filter({ hasText: '未导入任何数据' }).waitFor();
      await ctx.screenshot(page, 'surveys-import-refused');
      await input.setInputFiles({ name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByTestId('import-report').filter({ hasText: '已导入 4 / 4 行' }).waitFor();
      await ctx.screenshot(page, 'surveys-import-report');

      await page.getByRole('tab', { name: '指标' }).click();
      await page.getByTestId('survey-metrics').waitFor();
      const after = await metrics(page);
      assertEqual(after.overall.responses, before.overall.responses + 4, 'responses after the import');
      await page.getByTestId('overall-csi').filter({ hasText: '±' }).waitFor();
      await page.getByTestId('score-feed').waitFor();
      const keys = await rawKeys(page);
      assert(keys.length === 0, `raw keys on the surveys page: ${keys.join(', ')}`);
      await ctx.screenshot(page, 'surveys-metrics');

      const score = await json<{
        trace: { nodes: { code: string; detail?: { sources?: { source: string; checked: number }[] } }[] };
      }>(page, `/api/evaluations/${state.evaluationId}/score`);
      const node = score.trace.nodes.find((n) => n.code === '5.3.1');
      const survey = node?.detail?.sources?.find((s) => s.source === 'customerSurvey');
      assertEqual(survey?.checked, after.overall.responses, '5.3.1 customer-survey samples');
    },
  },
];

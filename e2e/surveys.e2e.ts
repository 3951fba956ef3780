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
const state: {
  evaluationId?: string;
  campaignId?: string;
  campaignName?: string;
  questionnaireId?: string;
  openPath?: string;
  outletCodes?: string[];
} = {};

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
  name: string;
  openUrl: string;
  questionnaire: { questionnaireId: string; number: number };
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
  state.campaignName = c.name;
  state.questionnaireId = c.questionnaire.questionnaireId;
  state.openPath = new URL(c.openUrl).pathname;
  state.outletCodes = c.outlets.map((o) => o.code);
}

/** Choose an option of an antd Select by its text (the dropdown opened last is the one of this select). */
async function pick(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .last()
    .locator('.ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/** Clicks the answer `value` of a rating or NPS question on the phone-survey form. */
const choose = (page: Page, question: string, value: string) =>
  page
    .getByTestId(`question-${question}`)
    .locator('label')
    .filter({ hasText: new RegExp(`^${value}$`) })
    .click();

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
  {
    name: 'surveys: an interviewer enters a phone response on a 390 × 844 phone and it counts',
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
      });
      context.setDefaultTimeout(15_000);
      try {
        // The demo shopper has surveys.interview but not surveys.read.
        const page = await context.newPage();
        await page.goto('/login');
        await signIn(page, 'shopper@starmark.local', ctx.admin.password);
        await page.goto('/phone-survey');
        await pick(page, 'interview-campaign', state.campaignName!);
        const [code] = state.outletCodes!;
        await pick(page, 'interview-outlet', code!);
        await page.getByTestId('interview-quota').waitFor();
        await page.getByTestId('question-speed').waitFor();

        // Required questions are checked by the domain's validateAnswers before anything is sent.
        await page.getByTestId('interview-submit').click();
        await page.getByTestId('interview-error').waitFor();
        assert(
          (await page.locator('.ant-form-item-explain-error').count()) > 0,
          'the unanswered required questions are marked',
        );
        await ctx.screenshot(page, 'surveys-interview-required');

        for (const [q, v] of [
          ['speed', '4'],
          ['attitude', '5'],
          ['competence', '4'],
          ['quality', '5'],
          ['overall', '4'],
          ['recommend', '9'],
        ] as const)
          await choose(page, q, v);
        // The complaint-handling question shows only for customers who complained.
        assert(!(await page.getByTestId('question-complaints').isVisible()), 'complaints hidden at first');
        await page.getByTestId('question-complained').getByText('是', { exact: true }).click();
        await page.getByTestId('question-complaints').waitFor();
        await choose(page, 'complaints', '3');
        await page.getByTestId('question-channel').getByText('电话', { exact: true }).click();
        await page.getByTestId('question-comment').locator('textarea').fill('电话回访：维修及时');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 1, `the phone-survey page is ${overflow} px wider than the phone`);
        const keys = await rawKeys(page);
        assert(keys.length === 0, `raw keys on the phone-survey page: ${keys.join(', ')}`);
        await ctx.screenshot(page, 'surveys-interview-form');

        const saved = page.waitForResponse(
          (r) => r.url().endsWith('/responses') && r.request().method() === 'POST',
        );
        await page.getByTestId('interview-submit').click();
        assertEqual((await saved).status(), 201, 'phone response stored');
        await page.getByTestId('interview-entered').filter({ hasText: '1 份' }).waitFor();
        // A fresh form for the next call: the conditional question is hidden again.
        assert(!(await page.getByTestId('question-complaints').isVisible()), 'the form starts afresh');
        await ctx.screenshot(page, 'surveys-interview-next');
      } finally {
        await context.close();
      }
      const after = await metrics(pm);
      assertEqual(after.overall.responses, before.overall.responses + 1, 'responses after the phone entry');
      const outlet = (m: Metrics) => m.outlets.find((o) => o.code === state.outletCodes![0])!.responses;
      assertEqual(outlet(after), outlet(before) + 1, "the outlet's responses after the phone entry");
    },
  },
  {
    name: 'surveys: a questionnaire is edited into a new version; the campaign keeps its version',
    async run(ctx) {
      const page = await programmeManager(ctx);
      await findDemo(page);
      const q0 = await json<{ latestNumber: number }>(
        page,
        `/api/survey-questionnaires/${state.questionnaireId}`,
      );
      await page.goto(`/surveys?evaluation=${state.evaluationId}`);
      // The evaluation stage is shown translated, not raw.
      await page.getByTestId('evaluation-select').filter({ hasText: '初次评价' }).waitFor();
      await page.getByRole('tab', { name: '问卷' }).click();
      await page.getByTestId(`edit-questionnaire-${state.questionnaireId}`).click();
      await page.getByTestId('questionnaire-editor').waitFor();

      // A duplicate question id: the server's issues come back per field.
      await page.locator('#questions_0_id').fill('attitude');
      await page.getByTestId('editor-save').click();
      await page.getByTestId('editor-issues').waitFor();
      assert((await page.locator('.ant-form-item-explain-error').count()) > 0, 'the refused field is marked');
      await ctx.screenshot(page, 'surveys-editor-refused');

      await page.locator('#questions_0_id').fill('speed');
      await page.locator('#title_zh').fill('售后服务满意度问卷（第二版）');
      await page.locator('#dimensions_3_weight').fill('0.3');
      await page.getByTestId('editor-add-question').click();
      const n = await page.locator('[data-testid^="editor-question-"]').count();
      await page.locator(`#questions_${n - 1}_id`).fill('revisit');
      await page.locator(`#questions_${n - 1}_text_zh`).fill('您是否愿意再次选择本网点？');
      await ctx.screenshot(page, 'surveys-editor');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/versions') && r.request().method() === 'POST',
      );
      await page.getByTestId('editor-save').click();
      assertEqual((await saved).status(), 201, 'new questionnaire version stored');
      await page.getByTestId('questionnaire-editor').waitFor({ state: 'hidden' });

      const q1 = await json<{
        latestNumber: number;
        latest: { content: { title: { zh: string }; questions: { id: string }[] } };
      }>(page, `/api/survey-questionnaires/${state.questionnaireId}`);
      assertEqual(q1.latestNumber, q0.latestNumber + 1, 'questionnaire version');
      assertEqual(q1.latest.content.title.zh, '售后服务满意度问卷（第二版）', 'new title');
      assert(
        q1.latest.content.questions.some((q) => q.id === 'revisit'),
        'the added question is saved',
      );
      const c = await json<Campaign>(page, `/api/survey-campaigns/${state.campaignId}`);
      assertEqual(c.questionnaire.number, q0.latestNumber, 'the campaign keeps its pinned version');
    },
  },
];

/**
 * The certification journey in the web UI on the demo data (issue 5): the client's submitted application
 * → contract review accepted by the programme manager → plan (the consultant's impartiality block shown,
 * the team of lead and evaluator, dates, plan sent) → the lead starts (document review: on-site items
 * locked) and completes the document review → checklists of headquarters and every sampled outlet filled
 * (a stale item answered by a clear conflict) → a finding raised → answered by the client in its portal →
 * accepted by the evaluator → submitted by the lead → approved by the reviewer → granted by the decision
 * maker → the granted level shows. Every step is done through the UI; the tests
 * run in order and share the evaluation. Screenshots of each new page, the checklist also at 390 px.
 */
import type { E2eContext, E2eTest, Page } from './harness.ts';
import { assert } from './harness.ts';
import { rawKeys, switchLanguage } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

/** A 1×1 PNG, as a scanned document. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const state: { applicationId?: string; evaluationId?: string } = {};

async function as(ctx: E2eContext, who: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto('/login');
  await signIn(page, `${who}@starmark.local`, ctx.admin.password);
  return page;
}

/** Confirm the open Popconfirm. */
async function confirm(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm .ant-btn-primary').filter({ visible: true }).click();
}

async function noRawKeys(page: Page, where: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const keys = await rawKeys(page);
  assert(keys.length === 0, `${where} shows raw keys: ${keys.join(', ')}`);
}

/** Choose an option of an antd Select by its text (the dropdown opened last is the one of this select). */
async function pick(page: Page, testId: string, text: string | number): Promise<void> {
  await page.getByTestId(testId).click();
  const options = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .last()
    .locator('.ant-select-item-option');
  await (typeof text === 'number' ? options.nth(text) : options.filter({ hasText: text })).click();
  await page.keyboard.press('Escape');
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

function evaluationPath(tab?: string): string {
  assert(state.evaluationId, 'an earlier step did not create the evaluation');
  return `/evaluations/${state.evaluationId}${tab ? `?tab=${tab}` : ''}`;
}

export const tests: E2eTest[] = [
  {
    name: 'workflow: the client sees its submitted application, documents and eligibility',
    async run(ctx) {
      const page = await as(ctx, 'client.admin');
      await page.getByTestId('nav-applications').click();
      await page.getByTestId('applications-table').waitFor();
      const link = page.locator('[data-testid^="application-link-"]').first();
      await link.waitFor();
      state.applicationId = ((await link.getAttribute('data-testid')) ?? '').replace('application-link-', '');
      await noRawKeys(page, '/applications (client)');
      await ctx.screenshot(page, 'workflow-applications-client-zh');
      await link.click();
      await page.getByTestId('application-state').filter({ hasText: '已提交' }).waitFor();
      await ctx.screenshot(page, 'workflow-application-details-zh');
      await page.getByRole('tab', { name: '申请材料' }).click();
      await page.getByTestId('application-documents').waitFor();
      await ctx.screenshot(page, 'workflow-application-documents-zh');
      await page.getByRole('tab', { name: '资格检查' }).click();
      await page.getByTestId('application-eligibility').filter({ hasText: '符合申请条件' }).waitFor();
      await ctx.screenshot(page, 'workflow-application-eligibility-zh');
      // A new application starts as a form in the portal.
      await page.goto('/applications/new');
      await page.getByTestId('application-scope').waitFor();
      await noRawKeys(page, '/applications/new');
      await ctx.screenshot(page, 'workflow-application-new-zh');
      await page.getByTestId('application-scope').fill('商用空调的安装、维修与保养服务');
      await page.getByTestId('application-create-save').click();
      await page.getByTestId('application-state').filter({ hasText: '草稿' }).waitFor();
      // The document checklist takes uploads: a scanned business licence.
      await page.getByRole('tab', { name: '申请材料' }).click();
      const licence = page.getByTestId('application-documents').locator('tr', { hasText: '营业执照' });
      await licence.locator('input[type=file]').setInputFiles({
        name: 'licence.png',
        mimeType: 'image/png',
        buffer: Buffer.from(PNG, 'base64'),
      });
      await licence.getByText('licence.png').waitFor();
      await ctx.screenshot(page, 'workflow-application-draft-documents-zh');
    },
  },
  {
    name: 'workflow: the programme manager accepts at contract review and plans the evaluation',
    async run(ctx) {
      const page = await as(ctx, 'programme');
      await page.getByTestId('nav-applications').click();
      await page.getByTestId(`application-link-${state.applicationId}`).click();
      await page.getByTestId('application-tab-review').click();
      await page.getByTestId('contract-review-sample').locator('tbody tr.ant-table-row').first().waitFor();
      await noRawKeys(page, 'contract review');
      await ctx.screenshot(page, 'workflow-contract-review-zh');
      await page.getByTestId('contract-review-accept').click();
      await confirm(page);
      await page.waitForURL(/\/evaluations\/[0-9a-f-]+/);
      state.evaluationId = /\/evaluations\/([0-9a-f-]+)/.exec(page.url())![1];

      // The consultant is blocked: every reason is shown.
      await page.getByTestId('plan-team').waitFor();
      await pick(page, 'team-lead', '李组长');
      await pick(page, 'team-evaluators', '孙顾问');
      await page.getByTestId('team-save').click();
      const blocks = page.getByTestId('team-blocks');
      await blocks.waitFor();
      const text = (await blocks.textContent()) ?? '';
      assert(text.includes('孙顾问') && text.includes('咨询'), `the block says ${JSON.stringify(text)}`);
      await ctx.screenshot(page, 'workflow-plan-blocked-zh');

      // The right team: lead and evaluator.
      await page.getByTestId('team-evaluators').locator('.ant-select-selection-item-remove').first().click();
      await pick(page, 'team-evaluators', '王评价');
      const saved = page.waitForResponse((r) => r.url().endsWith('/team') && r.request().method() === 'PUT');
      await page.getByTestId('team-save').click();
      assert((await saved).status() === 200, 'the team was not saved');

      const dates = page.getByTestId('plan-dates');
      await dates.locator('input').first().click();
      await dates.locator('input').first().fill('2026-12-08');
      await page.keyboard.press('Enter');
      await dates.locator('input').nth(1).fill('2026-12-10');
      await page.keyboard.press('Enter');
      const planned = page.waitForResponse(
        (r) => r.url().endsWith('/plan') && r.request().method() === 'PATCH',
      );
      await page.getByTestId('plan-dates-save').click();
      assert((await planned).status() === 200, 'the dates were not saved');
      await page.getByTestId('plan-send').click();
      await confirm(page);
      await page.getByText('评价计划已发送给企业。').first().waitFor();
      await noRawKeys(page, 'plan');
      await ctx.screenshot(page, 'workflow-plan-sent-zh');

      await page.goto('/programmes');
      await page.getByTestId('programmes-table').locator('tbody tr.ant-table-row').first().waitFor();
      await page.locator('[data-testid^="programme-link-"]').first().click();
      await page.getByTestId('programme-cycle').waitFor();
      await noRawKeys(page, 'programme');
      await ctx.screenshot(page, 'workflow-programme-zh');
    },
  },
  {
    name: 'workflow: the lead starts and fills the checklists; a stale item is answered by a conflict',
    async run(ctx) {
      const page = await as(ctx, 'lead');
      await page.getByTestId('nav-evaluations').click();
      await page.getByTestId('evaluations-table').waitFor();
      await page.getByTestId(`evaluation-link-${state.evaluationId}`).click();
      await page.getByTestId('evaluation-start').click();
      await confirm(page);
      await page.getByTestId('checklist-site').waitFor();

      // Document review first: on-site items are disabled with a hint until the lead completes it.
      await page.getByTestId('checklist-phase-documentReview').waitFor();
      await page.getByTestId('entry-locked').first().waitFor();
      await noRawKeys(page, 'checklist in document review');
      await ctx.screenshot(page, 'workflow-checklist-document-review-zh');
      await page.getByTestId('complete-review').click();
      await page.getByTestId('complete-review-ok').click();
      await page.getByTestId('checklist-phase-onSite').waitFor();
      assert((await page.getByTestId('entry-locked').count()) === 0, 'on-site items still locked');

      // Someone else answers an item first: the UI's copy is stale and says so.
      const first = page
        .locator('[data-testid^="entry-"]')
        .filter({ has: page.getByTestId('result-conforms') })
        .first();
      const node = ((await first.getAttribute('data-testid')) ?? '').replace('entry-', '');
      const status = await page.evaluate(
        async ([id, code]) => {
          const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
          const list = (await (await fetch(`/api/evaluations/${id}/checklist`)).json()) as {
            sites: { items: { id: string; node: string; version: number }[] }[];
          };
          const item = list.sites[0]!.items.find((i) => i.node === code)!;
          const res = await fetch(`/api/checklist-entries/${item.id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify({ version: item.version, note: '另一位评价员的备注' }),
          });
          return res.status;
        },
        [state.evaluationId!, node] as const,
      );
      assert(status === 200, `the concurrent change answered ${status}`);
      await first.getByTestId('result-conforms').locator('xpath=ancestor::label').click();
      await first.getByTestId('checklist-conflict').waitFor();
      await ctx.screenshot(page, 'workflow-checklist-conflict-zh');
      await page
        .locator(`[data-testid="entry-${node}"]`)
        .getByTestId('result-conforms')
        .locator('xpath=ancestor::label')
        .click();

      const siteCount = await page.evaluate(async (id) => {
        const list = (await (await fetch(`/api/evaluations/${id}/checklist`)).json()) as { sites: unknown[] };
        return list.sites.length;
      }, state.evaluationId!);
      assert(siteCount >= 2, `only ${siteCount} site(s) to evaluate`);
      for (let i = 0; i < siteCount; i++) {
        if (i > 0) {
          await pick(page, 'checklist-site', i);
        }
        // Staffing and measured items one by one; the rest with the bulk action.
        const staffing = page
          .locator('[data-testid^="entry-"]')
          .filter({ has: page.getByTestId('result-staff') });
        const staffingCount = await staffing.count();
        for (let k = 0; k < staffingCount; k++) {
          const entry = staffing.nth(k);
          await entry
            .locator('input[data-testid="result-staff"], [data-testid="result-staff"] input')
            .fill('28');
          await entry
            .locator('input[data-testid="result-managers"], [data-testid="result-managers"] input')
            .fill('3');
          const done = page.waitForResponse((r) => r.url().includes('/api/checklist-entries/'));
          await entry.getByTestId('result-save').click();
          assert((await done).status() === 200, 'a staffing item was not saved');
        }
        if (await page.getByTestId('checklist-bulk').isVisible()) {
          await page.getByTestId('checklist-bulk').click();
          await page.getByTestId('checklist-bulk-ok').click();
          await page.getByTestId('checklist-bulk').waitFor({ state: 'detached', timeout: 60_000 });
        }
        const progress = (await page.getByTestId('checklist-site-progress').textContent()) ?? '';
        const [answered, total] = progress.split('/').map((x) => Number.parseInt(x, 10));
        assert(answered === total, `site ${i}: ${progress} answered`);
        if (i === 1) await ctx.screenshot(page, 'workflow-checklist-outlet-zh');
      }
      await page.getByTestId('score-level').waitFor();
      await noRawKeys(page, 'checklist');
      await ctx.screenshot(page, 'workflow-checklist-zh');

      // On a phone at an outlet.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('checklist-site').waitFor();
      // Toasts come and go over the page: measure once they are gone.
      await page
        .locator('.ant-message-notice')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(() => undefined);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide =
        overflow > 1
          ? await page.evaluate(() =>
              [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map((el) => `${el.tagName}.${el.className} ${(el.textContent ?? '').slice(0, 30)}`),
            )
          : [];
      assert(overflow <= 1, `the checklist is ${overflow} px wider than a 390 px phone: ${wide.join(' | ')}`);
      const full = await ctx.screenshot(page, 'workflow-checklist-390');
      await page.getByTestId('checklist-site').scrollIntoViewIfNeeded();
      await page.screenshot({ path: full.replace(/\.png$/, '-screen.png') });
    },
  },
  {
    name: 'workflow: a finding is raised, answered by the client in its portal, accepted by the evaluator',
    async run(ctx) {
      const evaluator = await as(ctx, 'evaluator');
      await evaluator.goto(evaluationPath('checklist'));
      await evaluator.getByTestId('entry-raise-finding').first().click();
      await evaluator.getByTestId('finding-description').fill('网点服务记录不完整，缺少 3 份维修回访记录。');
      await evaluator.getByTestId('finding-create-ok').click();
      await evaluator.getByText('问题已提出。').first().waitFor();
      await evaluator.getByTestId('evaluation-tab-findings').click();
      await evaluator.getByTestId('finding-F-1').waitFor();
      await ctx.screenshot(evaluator, 'workflow-findings-open-zh');

      const client = await as(ctx, 'client.admin');
      await client.getByTestId('nav-findings').click();
      await client.getByTestId('findings-page').waitFor();
      await client.getByTestId('finding-F-1').waitFor();
      await noRawKeys(client, '/findings (client)');
      await ctx.screenshot(client, 'workflow-findings-client-zh');
      await client.getByTestId('finding-F-1').getByTestId('finding-answer').click();
      await client.getByTestId('finding-root-cause').fill('回访流程未纳入网点日常考核。');
      await client.getByTestId('finding-correction').fill('已补做 3 份回访并归档。');
      await client.getByTestId('finding-corrective-action').fill('将回访记录纳入网点月度考核，每月抽查。');
      await ctx.screenshot(client, 'workflow-finding-answer-zh');
      await client.getByTestId('finding-answer-ok').click();
      await client.getByText('整改答复已提交，等待评价组验证。').first().waitFor();

      await evaluator.reload();
      const card = evaluator.getByTestId('finding-F-1');
      await card.getByTestId('finding-accept').click();
      await evaluator.getByTestId('finding-verdict-ok').click();
      await card.getByText('已关闭').waitFor();
      await ctx.screenshot(evaluator, 'workflow-findings-accepted-zh');
    },
  },
  {
    name: 'workflow: the lead submits, the reviewer approves, the decision maker grants; the level shows',
    async run(ctx) {
      const lead = await as(ctx, 'lead');
      await lead.goto(evaluationPath('decision'));
      await lead.getByTestId('evaluation-submit').click();
      await confirm(lead);
      await lead.getByTestId('evaluation-state').filter({ hasText: '已提交' }).waitFor();

      const reviewer = await as(ctx, 'reviewer');
      await reviewer.goto(evaluationPath('decision'));
      await reviewer.getByTestId('review-comments').fill('记录完整，评分依据充分。');
      await reviewer.getByTestId('review-approve').click();
      await reviewer.getByTestId('evaluation-state').filter({ hasText: '已技术评审' }).waitFor();

      const decision = await as(ctx, 'decision');
      // Home says what waits for the decision maker.
      await decision
        .getByTestId('queue-to_decide')
        .locator('.ant-badge')
        .filter({ hasText: /^[1-9]/ })
        .waitFor();
      await ctx.screenshot(decision, 'workflow-home-queue-zh');
      await decision.goto(evaluationPath('decision'));
      const engine = decision.getByTestId('decision-engine-level');
      await engine.filter({ hasText: '星' }).waitFor();
      await ctx.screenshot(decision, 'workflow-decision-before-zh');
      await decision.getByTestId('decision-grant').click();
      await confirm(decision);
      const level = decision.getByTestId('decision-level');
      await level.waitFor();
      const granted = (await level.textContent()) ?? '';
      assert(/星/.test(granted), `the granted level shows ${JSON.stringify(granted)}`);
      await decision.getByTestId('evaluation-state').filter({ hasText: '已决定' }).waitFor();
      await noRawKeys(decision, 'decision');
      await ctx.screenshot(decision, 'workflow-decision-granted-zh');

      const report = await decision.evaluate(async (id) => {
        const res = await fetch(`/api/evaluations/${id}/report?lang=zh-CN`);
        return res.headers.get('content-type');
      }, state.evaluationId!);
      assert(report === 'application/pdf', `the report link answers ${report}`);

      // The same pages in English, without a raw key.
      await switchLanguage(decision, 'en');
      for (const tab of ['plan', 'checklist', 'findings', 'decision']) {
        await decision.goto(evaluationPath(tab));
        await decision.getByTestId(`evaluation-tab-${tab}`).waitFor();
        await noRawKeys(decision, `evaluation ${tab} (en)`);
        await ctx.screenshot(decision, `workflow-evaluation-${tab}-en`);
      }
      for (const path of [
        '/applications',
        `/applications/${state.applicationId}`,
        '/programmes',
        '/findings',
      ]) {
        await decision.goto(path);
        await decision.getByTestId('page-title').waitFor();
        await noRawKeys(decision, `${path} (en)`);
      }
      await switchLanguage(decision, 'zh-CN');
    },
  },
];

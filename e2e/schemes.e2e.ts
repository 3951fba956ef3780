/**
 * The scheme library: the built-in GB/T 27922 reference tree with its provisional flags (zh-CN and en);
 * a certification body derives its own version, changes an item's points and its sibling's so that the
 * sums hold (seeing the live validation error in between), adds guidance, publishes it (frozen under its
 * content hash) and diffs it against the reference; a broken YAML import names the line; export downloads.
 */
import type { E2eContext, E2eTest, Page } from './harness.ts';
import { assert, expectText } from './harness.ts';
import { modalOk, rawKeys, switchLanguage } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

const REFERENCE_URN = 'urn:starmark:scheme:gbt27922:2011';
const nodeUrn = (code: string) => `${REFERENCE_URN}:node:${code}`;
const GUIDANCE = '查阅售后服务部门的设立文件与任命文件';

function treeRow(page: Page, code: string) {
  return page.locator(`[data-testid="scheme-tree"] tr[data-row-key="${nodeUrn(code)}"]`);
}

async function openLibrary(page: Page): Promise<void> {
  await page.getByTestId('nav-schemes').click();
  await page.waitForURL('**/schemes');
  await page.locator('[data-testid="schemes-table"] tbody tr.ant-table-row').first().waitFor();
}

async function noRawKeys(page: Page, where: string): Promise<void> {
  const keys = await rawKeys(page);
  assert(keys.length === 0, `${where} shows raw keys: ${keys.join(', ')}`);
}

/** Type into an antd InputNumber (the test id may sit on the wrapper or on the input). */
async function fillNumber(page: Page, testId: string, value: number): Promise<void> {
  const target = page.getByTestId(testId);
  const input = (await target.evaluate((el) => el.tagName)) === 'INPUT' ? target : target.locator('input');
  await input.fill(String(value));
  await input.blur();
}

/**
 * A full-page screenshot from the top: taken while scrolled, the sticky header and menu would be drawn
 * half-way down the page.
 */
async function screenshotTop(screenshot: E2eContext['screenshot'], page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Close the open modal (the header's language switch sits behind its mask). */
async function closeModal(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.ant-modal-wrap').filter({ visible: true }).waitFor({ state: 'detached' });
}

/** Save the overlay and wait for the server's answer. */
async function saveOverlay(page: Page, click: () => Promise<void>): Promise<void> {
  const saved = page.waitForResponse((r) => r.url().includes('/overlay') && r.request().method() === 'PUT');
  await click();
  const response = await saved;
  assert(response.status() === 200, `PUT overlay answered ${response.status()}: ${await response.text()}`);
}

export const tests: E2eTest[] = [
  {
    name: 'the library shows the built-in GB/T 27922 tree with provisional tags and its policies (zh-CN, en)',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await switchLanguage(page, 'zh-CN');
      await openLibrary(page);
      const builtin = page.locator('[data-testid="schemes-table"] tbody tr.ant-table-row', {
        has: page.getByTestId('scheme-title-1.0.0'),
      });
      await builtin.getByText('商品售后服务评价体系', { exact: true }).waitFor();
      await builtin.getByText(REFERENCE_URN, { exact: true }).waitFor();
      await builtin.getByText('内置').waitFor();
      const count = Number(await builtin.getByTestId('provisional-count').innerText());
      assert(count > 0, `the reference counts ${count} provisional values`);
      await noRawKeys(page, 'the library (zh-CN)');
      await screenshotTop(screenshot, page, 'schemes-library-zh');

      await page.getByTestId('scheme-view-1.0.0').click();
      await page.getByTestId('scheme-tree').waitFor();
      await expectText(page, '[data-testid="scheme-status"]', '已发布');
      for (const [code, points] of [
        ['5.1', '40'],
        ['5.2', '35'],
        ['5.3', '25'],
        ['5.1.2.2', '5'],
      ] as const) {
        const shown = await treeRow(page, code).getByTestId('node-points').innerText();
        assert(shown === points, `${code} shows ${shown} points, not ${points}`);
      }
      // 5.1.1.1 is a provisional split; 5.1.2.2 (5 points) comes from a source.
      await treeRow(page, '5.1.1.1').getByTestId('provisional-tag').waitFor();
      assert(
        (await treeRow(page, '5.1.2.2').locator('td').nth(2).getByTestId('provisional-tag').count()) === 0,
        '5.1.2.2 points are marked provisional',
      );
      const tags = await page.locator('[data-testid="scheme-tree"] [data-testid="provisional-tag"]').count();
      assert(tags >= count, `the tree shows ${tags} provisional tags for ${count} provisional values`);
      await expectText(
        page,
        '[data-testid="provisional-banner"] .ant-alert-title',
        `本版本有 ${count} 个暂定分值`,
      );

      // The tag explains what a body must do with the value.
      await treeRow(page, '5.1.1.1').getByTestId('provisional-tag').hover();
      await page.locator('.ant-tooltip', { hasText: '备案认证规则' }).first().waitFor();
      await treeRow(page, '5.1.1.1').click();
      await page.getByTestId('node-guidance').waitFor();
      await page.getByTestId('node-typical-evidence').getByText('组织架构图').waitFor();
      await noRawKeys(page, 'the reference (zh-CN)');
      await screenshotTop(screenshot, page, 'schemes-reference-zh');

      await page.getByRole('tab', { name: '评分与定级规则' }).click();
      const levels = await page.locator('[data-testid="policy-levels"] tbody tr').allInnerTexts();
      assert(
        ['达标级', '三星级', '四星级', '五星级'].every((l, i) => levels[i]?.includes(l)) &&
          ['70', '80', '90', '95'].every((s, i) => levels[i]?.includes(`≥ ${s}`)),
        `the grading levels read ${JSON.stringify(levels)}`,
      );
      await page.getByTestId('policy-rounding').getByText('保留 1 位小数').waitFor();
      await noRawKeys(page, 'the policies (zh-CN)');
      await screenshotTop(screenshot, page, 'schemes-policies-zh');

      await switchLanguage(page, 'en');
      await expectText(page, '[data-testid="policy-scoring"] .ant-card-head-title', 'Scoring');
      await noRawKeys(page, 'the policies (en)');
      await screenshotTop(screenshot, page, 'schemes-policies-en');
      await page.getByRole('tab', { name: 'Indicators' }).click();
      await treeRow(page, '5.1.1.1').getByText('Provisional').waitFor();
      await treeRow(page, '5.1').getByText('After-sales service system').waitFor();
      await noRawKeys(page, 'the reference (en)');
      await screenshotTop(screenshot, page, 'schemes-reference-en');
      await openLibrary(page);
      await expectText(page, '[data-testid="page-title"]', 'Scheme library');
      await noRawKeys(page, 'the library (en)');
      await screenshotTop(screenshot, page, 'schemes-library-en');

      // Export downloads the YAML.
      const download = page.waitForEvent('download');
      await page.getByTestId('scheme-export-1.0.0').click();
      const file = await download;
      assert(file.suggestedFilename().endsWith('.yaml'), `export saved ${file.suggestedFilename()}`);
      await switchLanguage(page, 'zh-CN');
    },
  },
  {
    name: 'a body derives its version, edits points (live validation) and guidance, publishes and diffs it',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await switchLanguage(page, 'zh-CN');
      await openLibrary(page);

      await page.getByTestId('scheme-derive-1.0.0').click();
      await page.getByTestId('derive-form').waitFor();
      const urn = await page.getByTestId('derive-urn').inputValue();
      assert(urn === `${REFERENCE_URN}:body`, `the proposed URN is ${urn}`);
      await page.getByTestId('derive-version').fill('2026.1');
      await page.getByTestId('derive-title-zh').fill('商品售后服务评价体系（星标演示认证中心）');
      await screenshotTop(screenshot, page, 'schemes-derive-zh');
      await modalOk(page).click();
      await page.getByTestId('draft-card').waitFor();
      await expectText(page, '[data-testid="scheme-status"]', '草稿');
      await expectText(page, '[data-testid="scheme-version"]', '2026.1');
      await page.getByTestId('draft-issues-none').waitFor();

      // Only the item: its parent's sum breaks, and the draft says so at once.
      await treeRow(page, '5.1.1.1').click();
      await page.getByTestId('node-editor').waitFor();
      await fillNumber(page, 'points-input-5.1.1.1', 4);
      await expectText(page, '[data-testid="points-sum"]', '合计 7 / 6 分');
      await saveOverlay(page, () => page.getByTestId('points-save').click());
      await page.getByTestId('draft-issues').getByText('5.1.1：下级指标分值之和与本指标分值不一致').waitFor();
      await treeRow(page, '5.1.1').getByTestId('node-sum-mismatch').waitFor();
      assert(await page.getByTestId('scheme-publish').isDisabled(), 'a draft with errors can be published');
      await screenshotTop(screenshot, page, 'schemes-draft-invalid-zh');

      // Then its sibling too: the sums hold again.
      await fillNumber(page, 'points-input-5.1.1.2', 2);
      await expectText(page, '[data-testid="points-sum"]', '合计 6 / 6 分');
      await saveOverlay(page, () => page.getByTestId('points-save').click());
      await page.getByTestId('draft-issues-none').waitFor();
      assert(
        (await treeRow(page, '5.1.1.1').getByTestId('node-points').innerText()) === '4' &&
          (await treeRow(page, '5.1.1.2').getByTestId('node-points').innerText()) === '2',
        'the tree does not show the new points',
      );
      assert(
        (await treeRow(page, '5.1.1.1').getByTestId('provisional-tag').count()) === 0,
        'a value the body set is still marked provisional',
      );

      // Guidance for the item.
      await page.getByTestId('add-text-zh').fill(GUIDANCE);
      await saveOverlay(page, () => page.getByTestId('add-text-submit').click());
      await page.getByTestId('node-guidance').getByText(GUIDANCE).waitFor();
      await page.getByRole('tab', { name: /本机构变更/ }).click();
      const changes = await page.locator('[data-testid="overlay-changes"] tbody tr').count();
      assert(changes === 3, `the overlay lists ${changes} changes, not 3`);
      await screenshotTop(screenshot, page, 'schemes-draft-changes-zh');
      await page.getByRole('tab', { name: '评价指标' }).click();
      await screenshotTop(screenshot, page, 'schemes-draft-valid-zh');

      // Publish: confirmed, then frozen under its content hash.
      await page.getByTestId('scheme-publish').click();
      await page.locator('.ant-modal-confirm', { hasText: '发布版本 2026.1？' }).waitFor();
      await screenshotTop(screenshot, page, 'schemes-publish-confirm-zh');
      const published = page.waitForResponse((r) => r.url().endsWith('/publish'));
      await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-primary').click();
      assert((await published).status() === 200, 'publishing failed');
      const hash = (await page.getByTestId('publish-hash').innerText()).trim();
      assert(/^[0-9a-f]{64}$/.test(hash), `the content hash shown is ${JSON.stringify(hash)}`);
      await screenshotTop(screenshot, page, 'schemes-published-zh');
      await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-primary').click();
      await expectText(page, '[data-testid="scheme-status"]', '已发布');
      await expectText(page, '[data-testid="scheme-content-hash"]', hash);
      assert((await page.getByTestId('scheme-publish').count()) === 0, 'a published version offers Publish');
      assert((await page.getByTestId('node-editor').count()) === 0, 'a published version can be edited');

      // Diff against the reference it was derived from.
      await page.getByTestId('scheme-diff').click();
      await page.getByTestId('diff-summary').waitFor();
      const points = page.locator('[data-testid="diff-points"] tbody tr');
      await points.filter({ hasText: '5.1.1.1' }).getByText('+1').waitFor();
      await points.filter({ hasText: '5.1.1.2' }).getByText('−1').waitFor();
      await points.filter({ hasText: '5.1.1.1' }).getByText('暂定 → 已确认').waitFor();
      await page.getByTestId('diff-changed').getByText(`+ ${GUIDANCE}`).waitFor();
      await noRawKeys(page, 'the diff (zh-CN)');
      await screenshotTop(screenshot, page, 'schemes-diff-zh');
      await switchLanguage(page, 'en');
      await page.getByTestId('diff-points').getByText('provisional → confirmed').first().waitFor();
      await noRawKeys(page, 'the diff (en)');
      await screenshotTop(screenshot, page, 'schemes-diff-en');
      await switchLanguage(page, 'zh-CN');

      // The library lists the body's version, published.
      await openLibrary(page);
      const row = page.locator('[data-testid="schemes-table"] tbody tr.ant-table-row', { hasText: '2026.1' });
      await row.getByText('已发布').waitFor();
      await row.getByText(hash.slice(0, 12)).waitFor();
    },
  },
  {
    name: 'a broken YAML import is refused with the line of each error',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await switchLanguage(page, 'zh-CN');
      await openLibrary(page);

      // The reference as exported, as a new version, with 5.1 given 41 points instead of 40.
      const exported = await page.evaluate(async () => {
        const list = (await (await fetch('/api/schemes')).json()) as {
          items: { id: string; builtin: boolean }[];
        };
        const id = list.items.find((s) => s.builtin)!.id;
        return (await fetch(`/api/schemes/${id}/export`)).text();
      });
      const lines = exported.replace(/^version: 1\.0\.0$/m, 'version: 9.9.9').split('\n');
      const broken = lines.findIndex((l) => /^\s+points: 40$/.test(l));
      assert(broken > 0, 'no "points: 40" line in the export');
      lines[broken] = lines[broken]!.replace('40', '41');

      await page.getByTestId('schemes-import').click();
      await page.locator('.ant-modal .ant-upload input[type="file"]').setInputFiles({
        name: 'gbt27922-broken.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(lines.join('\n'), 'utf8'),
      });
      await page.getByTestId('import-issues').waitFor();
      const items = await page.getByTestId('import-issues-item').allInnerTexts();
      assert(
        items.some(
          (t) => t.includes(`第 ${broken + 1} 行`) && t.includes('5.1：下级指标分值之和与本指标分值不一致'),
        ),
        `no error names line ${broken + 1}: ${JSON.stringify(items)}`,
      );
      assert(
        items.some((t) => t.includes('points: 41')),
        'the offending line is not quoted',
      );
      await page.getByText('gbt27922-broken.yaml 未通过校验，未保存').waitFor();
      await noRawKeys(page, 'the import (zh-CN)');
      await screenshotTop(screenshot, page, 'schemes-import-error-zh');

      // Nothing was stored.
      const stored = await page.evaluate(async () => {
        const list = (await (await fetch('/api/schemes')).json()) as { items: { schemeVersion: string }[] };
        return list.items.map((s) => s.schemeVersion);
      });
      assert(!stored.includes('9.9.9'), 'the broken package was stored');

      // A syntax error names its line too (here in English).
      await closeModal(page);
      await switchLanguage(page, 'en');
      await page.getByTestId('schemes-import').click();
      await page.locator('.ant-modal .ant-upload input[type="file"]').setInputFiles({
        name: 'syntax.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from('format: starmark/scheme-package@1\nurn: [unclosed\n', 'utf8'),
      });
      await page.getByTestId('import-issues').getByText('YAML syntax error').waitFor();
      await page.getByTestId('import-issues-line').first().waitFor();
      await noRawKeys(page, 'the import (en)');
      await screenshotTop(screenshot, page, 'schemes-import-error-en');
      await closeModal(page);
      await switchLanguage(page, 'zh-CN');
    },
  },
];

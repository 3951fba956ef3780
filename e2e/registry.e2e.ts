/**
 * The registry: the demo admin creates a client (a wrong check character is answered under the field,
 * then a valid unified social credit code), adds a contracted outlet, downloads the outlet template,
 * checks a small CSV with one bad row (the dry run names its row and column), imports the valid rows,
 * and sees the live 10 % check of certified service managers with an expiring certificate flagged.
 * Also: the pages in English, a phone-width screenshot, CB personnel, and the client portal (a client
 * administrator lands on its own client).
 */
import { readFileSync } from 'node:fs';
import { creditCodeCheckCharacter } from '../src/domain/registry/credit-code.ts';
import type { E2eTest, Page } from './harness.ts';
import { assert, expectText } from './harness.ts';
import { modalOk, switchLanguage } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

const FIRST17 = '91110105MA01E2ET0';
const CREDIT_CODE = `${FIRST17}${creditCodeCheckCharacter(FIRST17)}`;
/** The same code with another (wrong) check character. */
const WRONG_CODE = `${FIRST17}${CREDIT_CODE.endsWith('1') ? '2' : '1'}`;
const CLIENT_NAME = '星标浏览器测试电器有限公司';

const CSV = [
  '网点编码,网点名称,行政区划代码,服务渠道,状态',
  'E2E-201,东城服务站,110101,到店,营业',
  'E2E-202,西城服务站,999999,上门,营业',
  'E2E-203,海淀服务站,110108,"到店,热线",营业',
].join('\n');

const NAMESPACES = 'common|nav|errors|clients|personnel';

/** Texts that look like an untranslated key of the registry's namespaces. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...text.matchAll(new RegExp(`\\b(?:${NAMESPACES})\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*`, 'g'))].map(
    (m) => m[0],
  );
}

async function noRawKeys(page: Page, where: string): Promise<void> {
  const keys = await rawKeys(page);
  assert(keys.length === 0, `${where} shows raw keys: ${keys.join(', ')}`);
}

async function top(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** A date `days` from today as YYYY-MM-DD. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function openTab(page: Page, tab: 'outlets' | 'import' | 'staff'): Promise<void> {
  await page.getByTestId(`client-tab-${tab}`).click();
  await page.waitForURL(`**tab=${tab}`);
}

export const tests: E2eTest[] = [
  {
    name: 'create a client, add an outlet, import a CSV with one bad row, see the 10 % check (zh-CN, en)',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await switchLanguage(page, 'zh-CN');

      // The list, with the demo client.
      await page.getByTestId('nav-clients').click();
      await page.waitForURL('**/clients');
      await page.locator('[data-testid="clients-table"] tbody tr.ant-table-row').first().waitFor();
      await noRawKeys(page, 'the client list');
      await screenshot(page, 'registry-clients-zh');

      // Create: a wrong check character is answered under the field, in Chinese.
      await page.getByTestId('clients-create').click();
      await page.getByTestId('client-name-zh').fill(CLIENT_NAME);
      await page.getByTestId('client-credit-code').fill(WRONG_CODE);
      await page
        .locator('[data-testid="client-sms"] input, input[data-testid="client-sms"]')
        .first()
        .fill('25');
      const rejected = page.waitForResponse(
        (r) => r.url().endsWith('/api/clients') && r.request().method() === 'POST',
      );
      await modalOk(page).click();
      assert((await rejected).status() === 400, 'a wrong check character was accepted');
      const fieldError = page.locator('.ant-form-item-explain-error', { hasText: '校验码错误' });
      await fieldError.waitFor();
      assert(
        (await fieldError.innerText()).includes(`应为 ${CREDIT_CODE.slice(-1)}`),
        `the message names the expected check character: ${await fieldError.innerText()}`,
      );
      await screenshot(page, 'registry-credit-code-error-zh');

      await page.getByTestId('client-credit-code').fill(CREDIT_CODE);
      await modalOk(page).click();
      await page.waitForURL('**/clients/*');
      await expectText(page, '[data-testid="client-title"]', CLIENT_NAME);
      await page.getByTestId('client-overview').getByText(CREDIT_CODE).waitFor();
      await noRawKeys(page, 'the client overview');
      await screenshot(page, 'registry-client-overview-zh');

      // Add a contracted outlet.
      await openTab(page, 'outlets');
      await page.getByTestId('outlet-create').click();
      await page.getByTestId('outlet-code').fill('E2E-100');
      await page.getByTestId('outlet-name').fill('朝阳合作服务站');
      await page.getByTestId('outlet-ownership').getByText('合作').click();
      await page.getByTestId('outlet-partner').fill('北京某某家电维修有限公司');
      await page.getByTestId('outlet-channels').getByText('到店').click();
      await page.getByTestId('outlet-channels').getByText('上门').click();
      await modalOk(page).click();
      const row = page.locator('[data-testid="outlets-table"] tr.ant-table-row', { hasText: 'E2E-100' });
      await row.waitFor();
      await row.getByText('北京某某家电维修有限公司').waitFor();
      await page.getByTestId('outlet-history-E2E-100').click();
      await page.getByTestId('outlet-history-entry').first().waitFor();
      await page.keyboard.press('Escape');
      await noRawKeys(page, 'the outlets tab');
      await top(page);
      await screenshot(page, 'registry-outlets-zh');

      // The template downloads with Chinese and English headers.
      await openTab(page, 'import');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('import-template-csv').click(),
      ]);
      assert(download.suggestedFilename().endsWith('.csv'), `template named ${download.suggestedFilename()}`);
      const template = readFileSync((await download.path())!, 'utf8');
      assert(template.includes('网点编码 (Outlet code)'), `template headers: ${template.slice(0, 80)}`);

      // Dry run: the bad row with its row number and column.
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'outlets.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
      await page.getByTestId('import-dry-run').click();
      await expectText(page, '[data-testid="import-outcome"]', '检查结果');
      const errors = page.locator('[data-testid="import-errors"] tbody tr.ant-table-row');
      assert((await errors.count()) === 1, `the dry run lists ${await errors.count()} bad rows`);
      const cells = await errors.first().locator('td').allInnerTexts();
      assert(cells[0]?.trim() === '3', `bad row number ${cells[0]}`);
      assert(cells[1]?.includes('行政区划代码') && cells[1]?.includes('C3'), `bad column ${cells[1]}`);
      assert(cells[2]?.includes('999999'), `bad value ${cells[2]}`);
      // The reason is translated from its machine code, not the server's English text.
      assert(
        cells[3]?.includes('不是有效的 GB/T 2260 行政区划代码') && !/not a GB/.test(cells[3]),
        `bad reason ${cells[3]}`,
      );
      await noRawKeys(page, 'the dry run');
      await top(page);
      await screenshot(page, 'registry-import-dry-run-zh');

      // Apply the valid rows only.
      await page.getByTestId('import-apply-valid').click();
      await page.locator('.ant-popover .ant-btn-primary').filter({ visible: true }).click();
      await expectText(page, '[data-testid="import-outcome"]', '已导入');
      await top(page);
      await screenshot(page, 'registry-import-applied-zh');
      await openTab(page, 'outlets');
      for (const code of ['E2E-100', 'E2E-201', 'E2E-203']) {
        await page.locator('[data-testid="outlets-table"] tr.ant-table-row', { hasText: code }).waitFor();
      }
      assert(
        (await page
          .locator('[data-testid="outlets-table"] tr.ant-table-row', { hasText: 'E2E-202' })
          .count()) === 0,
        'the bad row was imported',
      );
      await page.getByTestId('outlet-regions').getByText('北京市').first().waitFor();

      // The 10 % check: 25 service management staff → 3 required, none held.
      await openTab(page, 'staff');
      await expectText(page, '[data-testid="staffing-required"] .ant-statistic-content-value', '3');
      await expectText(page, '[data-testid="staffing-held"] .ant-statistic-content-value', '0');
      await expectText(page, '[data-testid="staffing-met"]', '还差 3 名');
      // A manager whose certificate expires in 30 days: held, but flagged.
      await page.getByTestId('manager-create').click();
      await page.getByTestId('manager-name').fill('李管理');
      await page.getByTestId('manager-certificate').fill('SM-E2E-001');
      const validUntil = page
        .locator('[data-testid="manager-valid-until"] input, input[data-testid="manager-valid-until"]')
        .first();
      await validUntil.click();
      await validUntil.fill(inDays(30));
      await validUntil.press('Enter');
      await modalOk(page).click();
      await page.getByTestId('manager-state-expiringSoon').waitFor();
      await expectText(page, '[data-testid="staffing-held"] .ant-statistic-content-value', '1');
      await expectText(page, '[data-testid="staffing-expiring"] .ant-statistic-content-value', '1');
      await page.getByTestId('staffing-expiring-warning').waitFor();
      // Edit it (the add form, filled with the stored values): renewed for 400 days, no longer flagged.
      await page.getByTestId('manager-edit-SM-E2E-001').click();
      const editedUntil = page
        .locator('[data-testid="manager-valid-until"] input, input[data-testid="manager-valid-until"]')
        .first();
      assert(
        (await page.getByTestId('manager-certificate').inputValue()) === 'SM-E2E-001',
        'the edit form shows the stored certificate number',
      );
      await editedUntil.click();
      await editedUntil.fill(inDays(400));
      await editedUntil.press('Enter');
      await modalOk(page).click();
      await page.getByTestId('manager-state-valid').waitFor();
      await expectText(page, '[data-testid="staffing-expiring"] .ant-statistic-content-value', '0');
      await expectText(page, '[data-testid="staffing-held"] .ant-statistic-content-value', '1');
      await noRawKeys(page, 'the staff tab');
      await top(page);
      await screenshot(page, 'registry-staffing-zh');

      // English.
      await switchLanguage(page, 'en');
      await expectText(page, '[data-testid="staffing-met"]', '2 short');
      await noRawKeys(page, 'the staff tab (en)');
      await top(page);
      await screenshot(page, 'registry-staffing-en');
      await openTab(page, 'outlets');
      await page.locator('[data-testid="outlets-table"] tr.ant-table-row').first().waitFor();
      await noRawKeys(page, 'the outlets tab (en)');
      await top(page);
      await screenshot(page, 'registry-outlets-en');
      await openTab(page, 'import');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'outlets.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(CSV, 'utf8'),
      });
      await page.getByTestId('import-dry-run').click();
      await expectText(page, '[data-testid="import-outcome"]', 'Check');
      const enReason = await page
        .locator('[data-testid="import-errors"] tbody tr.ant-table-row td')
        .nth(3)
        .innerText();
      assert(enReason.includes('999999 is not a valid GB/T 2260 division code'), `reason ${enReason}`);
      await noRawKeys(page, 'the dry run (en)');
      await top(page);
      await screenshot(page, 'registry-import-dry-run-en');
      await page.getByTestId('nav-clients').click();
      await page.locator('[data-testid="clients-table"] tbody tr.ant-table-row').first().waitFor();
      await page.getByTestId('clients-search').locator('input').fill(CREDIT_CODE);
      await page.getByTestId('clients-search').locator('input').press('Enter');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="clients-table"] tbody tr.ant-table-row').length === 1,
      );
      await screenshot(page, 'registry-clients-en');

      // A phone.
      await switchLanguage(page, 'zh-CN');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId(`client-link-${CREDIT_CODE}`).click();
      await openTab(page, 'staff');
      await page.getByTestId('staffing-card').waitFor();
      await top(page);
      // The header keeps to one line without overlapping: organisation, then language and user menu.
      const orgBox = await page.getByTestId('header-organisation').boundingBox();
      const userBox = await page.getByTestId('user-menu').boundingBox();
      const langBox = await page.locator('.app-header-tools').boundingBox();
      assert(orgBox && userBox && langBox, 'the header parts are shown');
      assert(
        orgBox.x + orgBox.width <= langBox.x,
        `organisation ${JSON.stringify(orgBox)} runs into ${JSON.stringify(langBox)}`,
      );
      assert(langBox.x + langBox.width <= 390, `the header tools end at ${langBox.x + langBox.width}`);
      assert(orgBox.height <= 64 && userBox.height <= 64, 'the header stays one line high');
      await screenshot(page, 'registry-staffing-phone-zh');
    },
  },
  {
    name: 'CB personnel with qualifications, competence codes and declarations (zh-CN, en)',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await switchLanguage(page, 'zh-CN');
      await page.getByTestId('nav-personnel').click();
      await page.waitForURL('**/personnel');
      await page.locator('[data-testid="personnel-table"] tbody tr.ant-table-row').first().waitFor();
      // The demo consultant declared a consulting relationship with the demo client.
      await page
        .locator('[data-testid="personnel-table"] tr.ant-table-row', { hasText: '孙顾问' })
        .locator('.ant-table-row-expand-icon')
        .click();
      await page.getByTestId('declarations-table').getByText('咨询关系').waitFor();
      await noRawKeys(page, 'personnel');
      await screenshot(page, 'registry-personnel-zh');
      // Add a person, then edit them with the same form, filled with the stored values.
      await page.getByTestId('person-create').click();
      await page.getByTestId('person-name').fill('周评价');
      await modalOk(page).click();
      const added = page.locator('[data-testid="personnel-table"] tr.ant-table-row', { hasText: '周评价' });
      await added.waitFor();
      await added.locator('[data-testid^="person-edit-"]').click();
      const nameInput = page.getByTestId('person-name');
      await nameInput.waitFor();
      assert((await nameInput.inputValue()) === '周评价', 'the edit form shows the stored name');
      await nameInput.fill('周评价员');
      await modalOk(page).click();
      await page
        .locator('[data-testid="personnel-table"] tr.ant-table-row', { hasText: '周评价员' })
        .waitFor();
      await noRawKeys(page, 'personnel edit');
      await switchLanguage(page, 'en');
      await page.locator('[data-testid="personnel-table"] tbody tr.ant-table-row').first().waitFor();
      await noRawKeys(page, 'personnel (en)');
      await screenshot(page, 'registry-personnel-en');
      await switchLanguage(page, 'zh-CN');
    },
  },
  {
    name: 'a client administrator lands on its own client (the portal)',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, 'client.admin@starmark.local', admin.password);
      await page.waitForURL('**/clients/*');
      await page.getByTestId('client-title').waitFor();
      assert((await page.getByTestId('client-back').count()) === 0, 'the portal offers the client list');
      assert(
        (await page.getByTestId('client-edit').count()) === 0,
        'a client admin may edit the client record',
      );
      await page.getByTestId('nav-clients').click();
      await page.waitForURL('**/clients/*');
      await screenshot(page, 'registry-portal-zh');
    },
  },
];

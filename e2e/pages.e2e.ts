/**
 * Every page renders in both languages without a raw translation key; user management works end to
 * end (create with a one-time password, a stale edit answered by a clear conflict message, the audit
 * trail showing it). Screenshots of each page go to e2e/screenshots/.
 */
import type { E2eTest, Page } from './harness.ts';
import { assert, expectText } from './harness.ts';
import { signIn } from './shell.e2e.ts';

const NAMESPACES =
  'common|auth|nav|users|organisations|audit|api_tokens|profile|errors|roles|home|schemes|clients|personnel' +
  '|applications|programmes|evaluations|findings|certificates';
const PAGES = [
  { name: 'home', path: '/', ready: 'home-welcome' },
  { name: 'users', path: '/users', ready: 'users-table' },
  { name: 'organisations', path: '/organisations', ready: 'organisations-table' },
  { name: 'audit', path: '/audit', ready: 'audit-table' },
  { name: 'api-tokens', path: '/tokens', ready: 'api-tokens-table' },
  { name: 'schemes', path: '/schemes', ready: 'schemes-table' },
  { name: 'clients', path: '/clients', ready: 'clients-table' },
  { name: 'personnel', path: '/personnel', ready: 'personnel-table' },
  { name: 'applications', path: '/applications', ready: 'applications-table' },
  { name: 'programmes', path: '/programmes', ready: 'programmes-table' },
  { name: 'evaluations', path: '/evaluations', ready: 'evaluations-table' },
  { name: 'findings', path: '/findings', ready: 'findings-page' },
  { name: 'certificates', path: '/certificates', ready: 'certificates-table' },
  { name: 'mystery-visits', path: '/mystery-visits', ready: 'evaluation-select' },
  { name: 'surveys', path: '/surveys', ready: 'evaluation-select' },
  { name: 'phone-survey', path: '/phone-survey', ready: 'interview-campaign' },
  { name: 'profile', path: '/profile', ready: 'page-title' },
] as const;

/** Texts that look like an untranslated key, outside `<code>` (where the audit page shows action codes). */
export async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest('code, script, style')) parts.push(node.textContent ?? '');
    }
    return parts.join('\n');
  });
  return [...text.matchAll(new RegExp(`\\b(?:${NAMESPACES})\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*`, 'g'))].map(
    (m) => m[0],
  );
}

/** The primary button of the open modal (closed modals may stay in the page, hidden). */
export function modalOk(page: Page) {
  return page.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true });
}

export async function switchLanguage(page: Page, locale: 'zh-CN' | 'en'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current === locale) return;
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/preferences'));
  await page.getByTestId(`language-option-${locale}`).first().click();
  assert((await saved).status() === 200, `switching to ${locale} was not saved`);
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

export const tests: E2eTest[] = [
  {
    name: 'every page renders in zh-CN and en without raw translation keys',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      for (const locale of ['zh-CN', 'en'] as const) {
        await switchLanguage(page, locale);
        for (const { name, path, ready } of PAGES) {
          await page.goto(path);
          await page.getByTestId(ready).first().waitFor();
          await page.waitForLoadState('networkidle');
          await page
            .locator('.ant-spin-spinning')
            .first()
            .waitFor({ state: 'detached', timeout: 10_000 })
            .catch(() => undefined);
          const keys = await rawKeys(page);
          assert(keys.length === 0, `${path} in ${locale} shows raw keys: ${keys.join(', ')}`);
          await screenshot(page, `page-${name}-${locale}`);
        }
      }
      await switchLanguage(page, 'zh-CN');
    },
  },
  {
    name: 'create a user with a one-time password; a stale edit is answered clearly; audit shows it',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);
      await page.getByTestId('nav-users').click();
      await page.getByTestId('users-create').click();
      await page.getByTestId('user-create-email').fill('evaluator.e2e@starmark.local');
      await page.getByTestId('user-create-name').fill('王评价');
      await page.getByTestId('user-create-roles').getByText('评价员', { exact: true }).click();
      await screenshot(page, 'users-create-zh');
      await modalOk(page).click();

      const secret = page.getByTestId('temporary-password-secret');
      await secret.waitFor();
      const temporaryPassword = await secret.inputValue();
      assert(
        temporaryPassword.length >= 8,
        `temporary password looks wrong: ${JSON.stringify(temporaryPassword)}`,
      );
      await screenshot(page, 'users-temporary-password-zh');
      await page.getByTestId('temporary-password-close').click();
      await page
        .getByRole('cell', { name: /王评价/ })
        .first()
        .waitFor();

      // Someone else saves the user first: the UI's copy is now one version behind.
      const stale = await page.evaluate(async () => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const list = (await (await fetch('/api/users?q=evaluator.e2e')).json()) as {
          items: { id: string; version: number }[];
        };
        const user = list.items[0]!;
        const res = await fetch(`/api/users/${user.id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ displayName: '王评价员', version: user.version }),
        });
        return res.status;
      });
      assert(stale === 200, `the concurrent edit answered ${stale}`);

      await page.getByTestId('user-edit-evaluator.e2e@starmark.local').click();
      await page.getByTestId('user-edit-name').fill('王小评');
      await modalOk(page).click();
      await page.getByTestId('user-edit-conflict').waitFor();
      const reloaded = await page.getByTestId('user-edit-name').inputValue();
      assert(reloaded === '王评价员', `after the conflict the form shows ${JSON.stringify(reloaded)}`);
      await screenshot(page, 'users-edit-conflict-zh');
      await page.getByTestId('user-edit-name').fill('王小评');
      await modalOk(page).click();
      await page
        .getByRole('cell', { name: /王小评/ })
        .first()
        .waitFor();

      await page.getByTestId('nav-audit').click();
      await page.locator('[data-testid="audit-table"] tbody tr.ant-table-row').first().waitFor();
      await expectText(page, '[data-testid="page-title"]', '审计日志');
      await page.locator('[data-testid="audit-table"] .ant-table-row-expand-icon').first().click();
      await page.getByTestId('audit-change').first().waitFor();
      await screenshot(page, 'audit-expanded-zh');

      // Filter by action: only user.update entries remain.
      await page.getByTestId('audit-filter-action').locator('input').fill('user.update');
      await page.keyboard.press('Escape');
      const filtered = page.waitForResponse(
        (r) => r.url().includes('/api/audit?') && r.url().includes('action=user.update'),
      );
      await page.getByTestId('audit-filter-submit').click();
      assert((await filtered).status() === 200, 'the filtered audit request failed');
      await page.waitForFunction(() => {
        const rows = [
          ...document.querySelectorAll('[data-testid="audit-table"] tbody tr.ant-table-row'),
        ].filter((r) => !r.closest('.ant-table-expanded-row'));
        return rows.length === 2 && rows.every((r) => r.textContent?.includes('user.update'));
      });
      await screenshot(page, 'audit-filtered-zh');

      // The new evaluator signs in with the temporary password, must replace it, then sees only what
      // an evaluator may use.
      const evaluator = await newPage();
      await evaluator.goto('/login');
      await evaluator.getByTestId('login-email').fill('evaluator.e2e@starmark.local');
      await evaluator.getByTestId('login-password').fill(temporaryPassword);
      await evaluator.getByTestId('login-submit').click();
      await evaluator.getByTestId('forced-password-change').waitFor();
      await screenshot(evaluator, 'forced-password-change-zh');
      await evaluator.getByTestId('password-current').fill(temporaryPassword);
      await evaluator.getByTestId('password-new').fill('Evaluator-Own-Pass-1');
      await evaluator.getByTestId('password-confirm').fill('Evaluator-Own-Pass-1');
      await evaluator.getByTestId('password-submit').click();
      await evaluator.getByTestId('nav-menu').or(evaluator.getByTestId('login-email')).first().waitFor();
      if (await evaluator.getByTestId('login-email').isVisible()) {
        await signIn(evaluator, 'evaluator.e2e@starmark.local', 'Evaluator-Own-Pass-1');
      }
      await expectText(evaluator, '[data-testid="user-name"]', '王小评');
      const nav = await evaluator
        .locator('[data-testid^="nav-"]')
        .evaluateAll((els) =>
          els.map((el) => el.getAttribute('data-testid')).filter((id) => id !== 'nav-menu'),
        );
      // Evaluators read the client registry (issue 4) but not the CB's personnel; they follow the
      // certification workflow (issue 5).
      assert(
        nav.join() ===
          'nav-home,nav-clients,nav-applications,nav-programmes,nav-evaluations,nav-findings,nav-certificates,' +
            'nav-schemes,nav-mystery-visits,nav-surveys,nav-phone-survey,nav-profile',
        `an evaluator's menu shows ${nav.join()}`,
      );
      await evaluator.goto('/users');
      await evaluator.getByText('无权访问').waitFor();
      await screenshot(evaluator, 'evaluator-forbidden-zh');
    },
  },
  {
    name: 'create a client organisation and an API token (secret shown once), then revoke it',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, admin.email, admin.password);

      await page.getByTestId('nav-organisations').click();
      await page.getByTestId('organisations-create').click();
      await page.getByTestId('organisation-create-name').fill('华东家电售后服务有限公司');
      await modalOk(page).click();
      await page.getByRole('cell', { name: '华东家电售后服务有限公司' }).waitFor();
      await screenshot(page, 'organisations-created-zh');

      await page.getByTestId('nav-api-tokens').click();
      await page.getByTestId('api-tokens-create').click();
      await page.getByTestId('api-token-create-name').fill('CNCA 月报导出');
      await page.getByTestId('api-token-create-roles').getByText('认证机构管理员', { exact: true }).click();
      await modalOk(page).click();
      const secret = page.getByTestId('api-token-secret-secret');
      await secret.waitFor();
      assert((await secret.inputValue()).length >= 20, 'the token secret looks too short');
      await screenshot(page, 'api-token-secret-zh');
      await page.getByTestId('api-token-secret-close').click();

      const row = page.locator('[data-testid="api-tokens-table"] tbody tr.ant-table-row', {
        hasText: 'CNCA 月报导出',
      });
      await row.getByText('有效').waitFor();
      await row.locator('[data-testid^="api-token-revoke-"]').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await row.getByText('已吊销').waitFor();
      await screenshot(page, 'api-tokens-revoked-zh');
    },
  },
  {
    name: 'a client administrator manages only the users of their own organisation, with client roles',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      // The demo client administrator is created on first start with the admin's password.
      await signIn(page, 'client.admin@starmark.local', admin.password);
      const nav = await page
        .locator('[data-testid^="nav-"]')
        .evaluateAll((els) =>
          els.map((el) => el.getAttribute('data-testid')).filter((id) => id !== 'nav-menu'),
        );
      assert(
        // Clients: the portal's own client record (issue 4); applications, programme and findings (issue 5).
        nav.join() ===
          'nav-home,nav-users,nav-clients,nav-applications,nav-programmes,nav-findings,nav-certificates,' +
            'nav-mystery-visits,nav-profile',
        `a client administrator's menu shows ${nav.join()}`,
      );
      await page.getByTestId('nav-users').click();
      await page.locator('[data-testid="users-table"] tbody tr.ant-table-row').first().waitFor();
      const organisations = await page
        .locator('[data-testid="users-table"] tbody tr.ant-table-row td:nth-child(2)')
        .allInnerTexts();
      assert(
        organisations.length > 0 && organisations.every((o) => o === organisations[0]),
        `a client administrator sees users of several organisations: ${organisations.join(', ')}`,
      );
      await page.getByTestId('users-create').click();
      await page.getByTestId('user-create-form').waitFor();
      assert(
        (await page.getByTestId('user-create-organisation').count()) === 0,
        'the organisation select is shown',
      );
      const roles = await page.getByTestId('user-create-roles').locator('label').allInnerTexts();
      assert(roles.join() === '企业管理员,企业用户', `roles offered: ${roles.join()}`);
      await screenshot(page, 'client-admin-create-user-zh');
    },
  },
];

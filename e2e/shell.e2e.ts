/**
 * The app shell: sign in, see it in Chinese, switch to English (remembered for the user, not just the
 * browser), sign out.
 */
import type { E2eTest, Page } from './harness.ts';
import { assert, expectText } from './harness.ts';

/** Sign in on the login page; replace the password if the server demands it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-menu').or(page.getByTestId('forced-password-change')).first().waitFor();
  assert(
    !(await page.getByTestId('forced-password-change').isVisible()),
    'the admin was asked to change password',
  );
}

export const tests: E2eTest[] = [
  {
    name: 'sign in, Chinese shell, switch to English (remembered per user), sign out',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/');
      await page.waitForURL('**/login');
      await expectText(page, '[data-testid="login-submit"]', '登 录');
      await screenshot(page, 'login-zh');

      // A wrong password is refused with the translated message.
      await page.getByTestId('login-email').fill(admin.email);
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      await expectText(page, '[data-testid="login-error"] .ant-alert-title', '邮箱或密码不正确。');

      await signIn(page, admin.email, admin.password);
      await expectText(page, '[data-testid="nav-home"]', '首页');
      await expectText(page, '[data-testid="nav-users"]', '用户管理');
      await expectText(page, '[data-testid="nav-audit"]', '审计日志');
      await page.getByTestId('home-welcome').waitFor();
      await screenshot(page, 'shell-zh');

      await page.getByTestId('nav-users').click();
      await page.waitForURL('**/users');
      await page.locator('[data-testid="users-table"] tbody tr.ant-table-row').first().waitFor();
      await screenshot(page, 'users-zh');

      // Switch to English: the interface changes at once and the choice is saved for the user.
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/auth/preferences') && r.request().method() === 'PUT',
      );
      await page.getByTestId('language-option-en').click();
      const response = await saved;
      assert(response.status() === 200, `PUT /api/auth/preferences answered ${response.status()}`);
      await expectText(page, '[data-testid="nav-users"]', 'Users');
      await expectText(page, '[data-testid="page-title"]', 'Users');
      await screenshot(page, 'users-en');
      await page.getByTestId('nav-home').click();
      await expectText(page, '[data-testid="nav-home"]', 'Home');
      await page.getByTestId('home-welcome').waitFor();
      await screenshot(page, 'shell-en');

      // Forget the browser's own memory: after a reload the language comes from the user's account.
      await page.evaluate(() => window.localStorage.clear());
      await page.reload();
      await page.getByTestId('nav-menu').waitFor();
      await expectText(page, '[data-testid="nav-home"]', 'Home');
      await expectText(page, '[data-testid="nav-audit"]', 'Audit trail');
      const lang = await page.evaluate(() => document.documentElement.lang);
      assert(lang === 'en', `<html lang> is ${lang}`);

      // Sign out: back on the login page, still in English.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
      await page.getByTestId('login-email').waitFor();
      await expectText(page, '[data-testid="login-submit"]', 'Sign in');
      const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
      assert(me === 401, `after sign-out GET /api/auth/me answered ${me}`);
    },
  },
  {
    name: 'a new browser signs in to the language stored for the user',
    async run({ newPage, admin }) {
      const page = await newPage();
      await page.goto('/login');
      await expectText(page, '[data-testid="login-submit"]', '登 录');
      await signIn(page, admin.email, admin.password);
      await expectText(page, '[data-testid="nav-home"]', 'Home');
      // Back to Chinese for whatever runs next.
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/preferences'));
      await page.getByTestId('language-option-zh-CN').click();
      await expectText(page, '[data-testid="nav-home"]', '首页');
      assert((await saved).status() === 200, 'the language was not saved');
    },
  },
];

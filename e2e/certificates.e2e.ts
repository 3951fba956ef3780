/**
 * Certificates (issue 6, Done when): the granted demo client downloads its certificate PDF and star
 * mark in the portal; the public verification page, phone-sized, shows the certificate valid; a CB user
 * suspends it in the web UI and the next look at the verification page shows it suspended; a tampered
 * QR payload is rejected.
 */
import type { E2eTest, Page } from './harness.ts';
import { assert } from './harness.ts';
import { modalOk } from './pages.e2e.ts';
import { signIn } from './shell.e2e.ts';

const CLIENT = 'certified.admin@starmark.local';

/** The single certificate in the list: open it, answer its number. */
async function openOnlyCertificate(page: Page): Promise<string> {
  await page.goto('/certificates');
  await page.getByTestId('certificates-table').first().waitFor();
  const link = page.locator('[data-testid^="certificate-link-"]').first();
  await link.waitFor();
  const testId = (await link.getAttribute('data-testid')) ?? '';
  await link.click();
  await page.getByTestId('certificate-number').waitFor();
  return testId.replace('certificate-link-', '');
}

async function download(page: Page, testId: string): Promise<{ name: string; size: number; head: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  return { name: file.suggestedFilename(), size: body.length, head: body.subarray(0, 64).toString('latin1') };
}

let certificateNumber = '';
let tokenPath = '';

export const tests: E2eTest[] = [
  {
    name: 'the granted demo client downloads its certificate PDF and star mark in the portal',
    async run({ newPage, admin, screenshot }) {
      const page = await newPage();
      await page.goto('/login');
      await signIn(page, CLIENT, admin.password);
      certificateNumber = await openOnlyCertificate(page);
      assert(/\S/.test(certificateNumber), 'the client sees its certificate');
      assert(
        (await page.getByTestId('certificate-status').first().textContent())?.includes('有效'),
        'the certificate is valid',
      );
      // A client may download, never suspend.
      assert(
        (await page.getByTestId('certificate-suspend').count()) === 0,
        'no suspend button in the portal',
      );
      const pdf = await download(page, 'download-pdf');
      assert(
        pdf.head.startsWith('%PDF-') && pdf.size > 10_000,
        `the PDF downloads (${pdf.name}, ${pdf.size} B)`,
      );
      const svg = await download(page, 'download-mark-svg');
      assert(
        svg.head.includes('<svg') || svg.head.includes('<?xml'),
        `the star mark downloads (${svg.name})`,
      );
      const png = await download(page, 'download-mark-png');
      assert(png.head.slice(1, 4) === 'PNG', `the PNG star mark downloads (${png.name})`);
      const href = (await page.getByTestId('verification-url').getAttribute('href')) ?? '';
      tokenPath = new URL(href).pathname;
      assert(tokenPath.startsWith('/verify/'), `the verification link carries the signed token: ${href}`);
      await screenshot(page, 'certificate-portal-zh');
    },
  },
  {
    name: 'the public verification page on a phone shows the certificate valid; the QR token verifies',
    async run({ newPage, screenshot }) {
      const page = await newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/verify?no=${encodeURIComponent(certificateNumber)}`);
      const text = await page.locator('body').innerText();
      assert(text.includes('有效 VALID'), `the verification page says valid: ${text.slice(0, 300)}`);
      assert(text.includes(certificateNumber), 'it names the certificate number');
      await screenshot(page, 'verify-valid-390');
      await page.goto(tokenPath);
      const qr = await page.locator('body').innerText();
      assert(qr.includes('电子签名有效'), `the scanned QR token verifies: ${qr.slice(0, 300)}`);
    },
  },
  {
    name: 'a CB user suspends the certificate in the UI; the verification page shows it at the next look',
    async run({ newPage, admin, screenshot }) {
      const cb = await newPage();
      await cb.goto('/login');
      // The machine may be busy: give the app time to load before signing in.
      await cb.getByTestId('login-email').waitFor({ timeout: 60_000 });
      await signIn(cb, admin.email, admin.password);
      await cb.goto('/certificates');
      await cb.getByTestId('certificates-search').locator('input').fill(certificateNumber);
      await cb.getByTestId('certificates-search').locator('input').press('Enter');
      await cb.getByTestId(`certificate-link-${certificateNumber}`).click();
      await cb.getByTestId('certificate-suspend').click();
      await cb.getByTestId('certificate-action-reason').click();
      await cb.locator('.ant-select-item-option').filter({ hasText: '误用证书或标志' }).first().click();
      await screenshot(cb, 'certificate-suspend-confirm');
      const suspended = cb.waitForResponse(
        (r) => r.url().endsWith('/suspend') && r.request().method() === 'POST',
      );
      await modalOk(cb).click();
      assert((await suspended).status() === 200, 'the suspension was saved');
      const at = Date.now();

      const phone = await newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`/verify?no=${encodeURIComponent(certificateNumber)}`);
      const text = await phone.locator('body').innerText();
      const elapsed = Date.now() - at;
      assert(
        text.includes('已暂停 SUSPENDED'),
        `the verification page shows the suspension: ${text.slice(0, 300)}`,
      );
      console.log(`    verification page showed the suspension ${elapsed} ms after the suspend answer`);
      await screenshot(phone, 'verify-suspended-390');

      await cb.getByTestId('certificate-status').filter({ hasText: '暂停' }).first().waitFor();
      await cb.getByTestId('certificate-history').getByText('misuse_of_certificate').first().waitFor();
      assert((await cb.getByTestId('download-mark-svg').count()) === 0, 'no star mark while suspended');
      await screenshot(cb, 'certificate-suspended-zh');
    },
  },
  {
    name: 'a tampered QR payload is rejected',
    async run({ newPage, screenshot }) {
      const page = await newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const token = tokenPath.slice('/verify/'.length);
      const [payload, signature] = token.split('.');
      assert(payload && signature, 'the token has a payload and a signature');
      // Change the level in the signed payload (e.g. fourStar → fiveStar) and re-encode it.
      const text = Buffer.from(payload, 'base64url').toString('utf8');
      const changed = text.replace(/\n(\w+Star|compliant)\n(\d)\n/, '\nfiveStar\n5\n');
      const forged =
        changed === text ? `${payload.slice(0, -2)}AA` : Buffer.from(changed, 'utf8').toString('base64url');
      await page.goto(`/verify/${forged}.${signature}`);
      const body = await page.locator('body').innerText();
      assert(body.includes('签名无效'), `the forged token is rejected: ${body.slice(0, 300)}`);
      await screenshot(page, 'verify-tampered-390');
    },
  },
];

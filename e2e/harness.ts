/**
 * A tiny browser-test harness: a test is a named async function given the running server, the browser
 * and a few helpers. `run.ts` starts the server, runs every test file's tests in order and reports.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface E2eContext {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  browser: Browser;
  admin: { email: string; password: string };
  /** A fresh browser context (no cookies, no storage) with one page; closed after the test. */
  newPage(): Promise<Page>;
  /** Save a full-page screenshot as e2e/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
}

export interface E2eTest {
  name: string;
  run(ctx: E2eContext): Promise<void>;
}

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Wait until an element's trimmed text equals `expected` (texts change when the language switches). */
export async function expectText(
  page: Page,
  selector: string,
  expected: string,
  timeout = 10_000,
): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel ?? '')?.textContent?.trim() === text,
      [selector, expected] as const,
      { timeout },
    );
  } catch {
    const actual = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new AssertionError(
      `${selector}: expected text ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
  }
}

export type { Browser, BrowserContext, Page };

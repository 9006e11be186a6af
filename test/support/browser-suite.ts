/**
 * Browser tests' shared start: a test system and Debian Chromium for the whole suite, and a
 * phone-sized Chinese page signed in as one member of staff.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { SystemOptions } from '#local/system.ts';
import { CHROMIUM_ARGS, PHONE } from '../e2e/browser.ts';
import { startTestSystem, type TestSystem } from './system.ts';

export interface BrowserSuite {
  /** Set before the suite's first test. */
  sys: TestSystem;
  browser: Browser;
}

/** Starts the system and Chromium before the suite's tests and closes both after them. */
export function browserSuite(options: Partial<SystemOptions> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.sys = await startTestSystem(options);
    suite.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.sys?.close();
  }, 60_000);
  return suite;
}

/** A zh-CN phone page at `path` (e.g. `/staff/inbound.html`), signed in as `email`. */
export async function signedInPage(suite: BrowserSuite, path: string, email: string): Promise<Page> {
  const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${suite.sys.baseUrl}${path}`);
  await page.getByLabel('工作邮箱').fill(email);
  await page.getByLabel('密码').fill(suite.sys.demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

/**
 * Every static page under the Content-Security-Policy it is served with (the same on AWS and
 * locally, shared/http/content-security-policy.ts): the header is there, and Chromium reports no
 * violation while the page loads and runs — signed in for the staff pages, so their scripts run.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageContentSecurityPolicy } from '#shared/http/content-security-policy.ts';
import { type BrowserSuite, browserSuite, signedInPage } from '../support/browser-suite.ts';
import { orderBody } from '../support/system.ts';
import { DESKTOP } from './browser.ts';

const suite: BrowserSuite = browserSuite();

/** Violations the page reports (the event fires for every blocked load, script and style). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) logged.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return async () => [
    ...logged,
    ...(await page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? [])),
  ];
}

describe('Content-Security-Policy of the pages', () => {
  it('serves each page with the policy', async () => {
    for (const path of ['/', '/rush.html', '/track.html', '/staff/', '/staff/reports.html', '/js/api.js']) {
      const res = await fetch(`${suite.sys.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(pageContentSecurityPolicy());
    }
  });

  it('lets the public pages load and run with no violation', async () => {
    const placed = await suite.sys.api('/api/orders', { json: orderBody() });
    const { trackingUrl } = (await placed.json()) as { trackingUrl: string };
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...DESKTOP });
    const page = await context.newPage();
    const violations = await watchViolations(page);
    for (const url of [`${suite.sys.baseUrl}/`, `${suite.sys.baseUrl}/rush.html`, trackingUrl]) {
      await page.goto(url, { waitUntil: 'networkidle' });
    }
    // The order form's products come from the API: its script ran.
    await page.goto(`${suite.sys.baseUrl}/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('select, input').count()).toBeGreaterThan(3);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('lets the staff pages sign in, load and run with no violation', async () => {
    const page = await signedInPage(suite, '/staff/', 'gm@example.com');
    const violations = await watchViolations(page);
    for (const path of [
      '/staff/',
      '/staff/reports.html',
      '/staff/inbound.html',
      '/staff/calendar.html',
      '/staff/users.html',
      '/staff/quotations.html',
    ]) {
      await page.goto(`${suite.sys.baseUrl}${path}`, { waitUntil: 'networkidle' });
    }
    expect(await violations()).toEqual([]);
    await page.context().close();
  });
});

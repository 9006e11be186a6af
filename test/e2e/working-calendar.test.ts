/**
 * The working calendar's warnings in Chromium (R-PROC-5): the reports dashboard shows the API's
 * `calendarWarnings` as a banner in the reader's language; on the calendar page a gm loads the
 * warned years' schedules, after which the banner is gone. Other roles cannot load.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CalendarStatus } from '#shared/use-cases/holiday-schedule-admin.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';

delete process.env['WORKING_CALENDAR'];
const suite = browserSuite();
const pages: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const page of pages) await page.close().catch(() => {});
});

const status = async (): Promise<CalendarStatus> =>
  (await (
    await suite.sys.api('/api/calendar', { token: await suite.sys.login('gm') })
  ).json()) as CalendarStatus;

describe('working calendar warnings in a browser (R-PROC-5)', () => {
  it('shows the warning on the reports dashboard in both languages, and a gm clears it', async () => {
    const { calendarWarnings } = await status();
    const page = await signedInPage(suite, '/staff/reports.html', 'finance@example.com');
    pages.push(page);
    const banner = page.locator('#calendar-warnings');
    await page.waitForURL(/reports\.html/);
    if (calendarWarnings.length > 0) {
      await banner.waitFor({ state: 'visible' });
      for (const w of calendarWarnings) await expect(banner.textContent()).resolves.toContain(w.message.zh);
      await page.getByRole('button', { name: 'English' }).click();
      for (const w of calendarWarnings) await expect(banner.textContent()).resolves.toContain(w.message.en);
      expect(await banner.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    } else {
      await page.locator('body[data-state="ready"]').waitFor({ state: 'attached' });
      expect(await banner.isHidden()).toBe(true);
    }

    // Ops may look but not load.
    const ops = await signedInPage(suite, '/staff/calendar.html', 'ops@example.com');
    pages.push(ops);
    await ops.locator('#gm-only').waitFor({ state: 'visible' });
    expect(await ops.locator('#load-submit').isDisabled()).toBe(true);

    const gm = await signedInPage(suite, '/staff/calendar.html', 'gm@example.com');
    pages.push(gm);
    await gm.locator('#years h3').first().waitFor();
    for (const w of calendarWarnings) {
      await gm.getByLabel('年份').fill(String(w.year));
      await gm.getByLabel('放假日期').fill(`${w.year}-01-01\n${w.year}-02-05..${w.year}-02-11`);
      await gm.getByLabel('调休上班日期').fill(`${w.year}-02-13`);
      await gm.getByRole('button', { name: '载入' }).click();
      await gm.getByText(`${w.year} 年放假安排已载入。`).waitFor();
      await gm.getByText(`${w.year} · 已载入官方安排`).waitFor();
    }
    const after = await status();
    expect(after.calendarWarnings).toEqual([]);
    for (const w of calendarWarnings) {
      const year = after.years.find((y) => y.year === w.year);
      expect(year?.holidays).toHaveLength(8);
      expect(year?.workdays).toEqual([`${w.year}-02-13`]);
    }
    await page.reload();
    await page.locator('body[data-state="ready"]').waitFor({ state: 'attached' });
    expect(await banner.isHidden()).toBe(true);
  }, 120_000);
});

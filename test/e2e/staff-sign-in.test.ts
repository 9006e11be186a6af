/**
 * Staff sign-in in Chromium against the local issuer, which imitates Cognito (R-SEC-2): the
 * gm creates an account on the staff-accounts page and the new member of staff signs in with the
 * emailed temporary password and sets their own; a forgotten password is reset with the code
 * from the outbox; an authenticator is enrolled and its code (computed here, as the phone
 * would) is asked for at the next sign-in; wrong passwords lock the account with a clear message.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '#local/totp.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

// A long first lockout, so the locked message does not depend on how fast the browser types.
const suite = browserSuite({ signInLockout: { after: 5, firstSeconds: 600, maxSeconds: 900 } });
const NEW_PASSWORD = 'Lin-Xin-2026!ok';

async function newPage(path = '/staff/index.html'): Promise<Page> {
  const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${suite.sys.baseUrl}${path}`);
  return page;
}

async function passwordSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('工作邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

const lastMailTo = async (to: string) => (await suite.sys.outbox()).filter((m) => m.to.includes(to)).at(-1)!;

describe('staff sign-in in a browser (R-SEC-2)', () => {
  it('a gm creates an account; its first sign-in sets a password of the policy', async () => {
    const gm = await newPage();
    await passwordSignIn(gm, 'gm@example.com', suite.sys.demoPassword);
    await gm.getByRole('link', { name: '员工账户' }).click();
    await gm.getByLabel('工作邮箱').fill('lin.xin@example.com');
    await gm.getByLabel('姓名').fill('林新');
    await gm.getByLabel('运营').check();
    await gm.getByRole('button', { name: '创建并发送临时密码' }).click();
    await gm.getByText('已创建 lin.xin@example.com').waitFor();
    const row = gm.locator('tr', { hasText: 'lin.xin@example.com' });
    await row.getByText('待首次登录').waitFor();
    await expectNoSidewaysScroll(gm);
    await snap(gm, 'staff-users-phone');

    const temp = /temporary password is (\S+)/.exec((await lastMailTo('lin.xin@example.com')).text)![1]!;
    const page = await newPage();
    await passwordSignIn(page, 'lin.xin@example.com', temp);
    await page.getByRole('heading', { name: '设置您的密码' }).waitFor();
    await snap(page, 'staff-new-password-phone');
    expect(await page.locator('#new-password-policy li').allTextContents()).toEqual([
      '至少 12 个字符',
      '包含小写字母',
      '包含大写字母',
      '包含数字',
      '包含符号（如 ! @ # % -）',
    ]);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '设置密码并登录' }).click();
    await page.getByText('新密码不符合下列要求。').waitFor();
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '设置密码并登录' }).click();
    await page.getByRole('heading', { name: '工作队列' }).waitFor();
    expect(await page.locator('#signed-in-as').textContent()).toContain('林新');
  });

  it('resets a forgotten password with the code from the email', async () => {
    const page = await newPage();
    await page.getByRole('button', { name: '忘记密码？' }).click();
    await page.getByLabel('账户邮箱').fill('logistics@example.com');
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByText(/验证码已发送至 l\*\*\*@e\*\*\*/).waitFor();
    const code = /(\d{6})/.exec((await lastMailTo('logistics@example.com')).text)![1]!;
    await page.getByLabel('邮件中的验证码').fill(code);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '重置密码并登录' }).click();
    await page.getByRole('heading', { name: '工作队列' }).waitFor();
  });

  it('enrols an authenticator; the next sign-in asks for its code', async () => {
    const page = await newPage();
    await passwordSignIn(page, 'production@example.com', suite.sys.demoPassword);
    await page.getByRole('button', { name: '两步验证' }).click();
    await page.getByLabel('身份验证器显示的 6 位验证码').waitFor();
    const secret = (await page.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
    expect(await page.locator('#mfa-uri').getAttribute('href')).toMatch(
      new RegExp(`^otpauth://totp/.*secret=${secret}&issuer=Order%20desk`),
    );
    await page.getByLabel('身份验证器显示的 6 位验证码').fill(totpCode(secret));
    await page.getByRole('button', { name: '验证并启用' }).click();
    await page.getByText('两步验证已启用').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await passwordSignIn(page, 'production@example.com', suite.sys.demoPassword);
    await page.getByRole('heading', { name: '两步验证' }).waitFor();
    await page.getByLabel('身份验证器中的 6 位验证码').fill(totpCode(secret));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.getByRole('heading', { name: '工作队列' }).waitFor();
  });

  it('locks the account after 5 wrong passwords and says so, even for the right password', async () => {
    const page = await newPage();
    for (let i = 0; i < 5; i++) {
      await passwordSignIn(page, 'finance@example.com', `wrong-${i}`);
      await page.getByText('邮箱或密码不正确。').waitFor();
      await page.locator('#login-error-text').evaluate((el) => {
        el.textContent = '';
      });
    }
    await passwordSignIn(page, 'finance@example.com', suite.sys.demoPassword);
    await page.getByText('密码错误次数过多，账户已暂时锁定').waitFor();
  });
});

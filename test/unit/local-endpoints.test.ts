import { describe, expect, it } from 'vitest';
import { cognitoCall } from '#local/cognito-api.ts';
import type { LocalIssuer } from '#local/issuer.ts';
import { isLocalOnly, isLoopback, parseCognitoBody } from '#local/local-endpoints.ts';
import { escapeHtml, outboxPage } from '#local/outbox-page.ts';

describe('who counts as this machine', () => {
  it('is loopback over IPv4, IPv6 and IPv4-mapped IPv6 (a server on :: sees those)', () => {
    for (const address of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address), address).toBe(true);
    }
    for (const address of [
      undefined,
      '',
      '192.0.2.2',
      '::ffff:192.0.2.2',
      'fd00::2',
      '1127.0.0.1',
      '127.0.0.1.evil',
    ]) {
      expect(isLoopback(address), String(address)).toBe(false);
    }
  });

  it('guards /_local and everything under it, nothing else', () => {
    expect(isLocalOnly('/_local')).toBe(true);
    expect(isLocalOnly('/_local/outbox')).toBe(true);
    expect(isLocalOnly('/_localx')).toBe(false);
    expect(isLocalOnly('/api/orders')).toBe(false);
  });
});

describe('the Cognito stand-in input', () => {
  it('refuses what is not a JSON object, and names the wrong field', async () => {
    expect(parseCognitoBody(Buffer.from('{'))).toMatchObject({
      ok: false,
      error: { __type: 'SerializationException' },
    });
    expect(parseCognitoBody(Buffer.from('[]'))).toMatchObject({ ok: false });
    expect(parseCognitoBody('too-large')).toMatchObject({ ok: false });
    expect(parseCognitoBody(Buffer.from(''))).toEqual({ ok: true, input: {} });
    // Checked before the issuer is asked anything.
    const issuer = {} as LocalIssuer;
    expect(
      await cognitoCall(issuer, 'X.ListUsersInGroup', { UserPoolId: 'local' }, { admin: true }),
    ).toMatchObject({
      status: 400,
      body: { __type: 'InvalidParameterException', message: expect.stringMatching(/^GroupName: /) },
    });
  });
});

describe('the outbox page', () => {
  const message = {
    id: '1',
    channel: 'sms' as const,
    to: ['+8613912345678'],
    subject: '',
    text: '<b>查看</b> http://localhost:3000/track.html?t=a&b',
    html: '',
    attachments: [],
    sentAt: '2026-12-03T08:00:00.000Z',
  };

  it('shows message text as text, with its links clickable, and times in Beijing time', () => {
    const { html, csp } = outboxPage([message], 'zh-CN');
    expect(html).toContain('&lt;b&gt;查看&lt;/b&gt;');
    expect(html).toContain('<a href="http://localhost:3000/track.html?t=a&amp;b">');
    expect(html).toContain('2026-12-03 16:00:00');
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('says so when nothing was sent, in either language', () => {
    expect(outboxPage([], 'zh-CN').html).toContain('还没有发出任何邮件或短信');
    expect(outboxPage([], 'en').html).toContain('Nothing sent yet');
  });
});

/**
 * The console's copy of the password policy and its checks agree with the one the user pool and
 * the local issuer use (shared/domain/password-policy.ts), and every text of the sign-in and
 * staff-account pages exists in both languages (R-SEC-2).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { passwordProblems, STAFF_PASSWORD_POLICY } from '#shared/domain/password-policy.ts';

const signInPath = '../../web/js/sign-in.js';
const stringsPath = '../../web/js/i18n-strings.js';
const console_ = (await import(signInPath)) as {
  DEFAULT_PASSWORD_POLICY: Record<string, unknown>;
  passwordProblems: (password: string, policy: unknown) => string[];
};
const { STRINGS } = (await import(stringsPath)) as { STRINGS: Record<string, [string, string]> };

describe('staff sign-in console', () => {
  it('shows the password policy of the user pool', () => {
    expect(console_.DEFAULT_PASSWORD_POLICY).toEqual({ ...STAFF_PASSWORD_POLICY });
  });

  it('checks a new password as the user pool does', () => {
    for (const password of [
      'short',
      'alllowercase-123',
      'NoDigitsHere!!',
      'N0-symbols-no',
      'Str0ng!Password',
      'Abc 123 defghij',
      '',
    ]) {
      expect(console_.passwordProblems(password, console_.DEFAULT_PASSWORD_POLICY), password).toEqual(
        passwordProblems(password),
      );
    }
  });

  it('has every text of the sign-in and staff-accounts pages in both languages', async () => {
    for (const page of ['index.html', 'users.html']) {
      const html = await readFile(new URL(`../../web/staff/${page}`, import.meta.url), 'utf8');
      for (const [, key] of html.matchAll(/data-i18n="([^"]+)"/g)) {
        expect(STRINGS[key!], `${page}: ${key}`).toHaveLength(2);
      }
    }
    const scripts = await Promise.all(
      ['sign-in.js', 'staff-sign-in-ui.js', 'staff-mfa-setup.js', 'staff-users.js'].map((f) =>
        readFile(new URL(`../../web/js/${f}`, import.meta.url), 'utf8'),
      ),
    );
    for (const [, key] of scripts.join('\n').matchAll(/'((?:signin|mfa|users)\.(?!html')[\w.-]+)'/g)) {
      expect(STRINGS[key!], key).toHaveLength(2);
    }
  });
});

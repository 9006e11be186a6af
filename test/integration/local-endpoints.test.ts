/**
 * The local-only endpoints of `npm start` (`/_local/*`), `/config.json`, the outbox on disk and
 * the modes of the data directory: the local runtime must not hand approval links or staff
 * data to other machines or other users of this one.
 */

import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY } from '#shared/domain/company.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

/** An address of this machine that is not loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let sys: TestSystem;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-local-'));
  // As a data directory made by hand (or by an older version) may be.
  await chmod(dataDir, 0o755);
  sys = await startTestSystem({ dataDir, host: '0.0.0.0' });
});
afterAll(async () => {
  await sys?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const cognito = (base: string, body: string) =>
  fetch(`${base}/_local/cognito`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsersInGroup',
    },
    body,
  });

describe('local-only endpoints', () => {
  it.skipIf(!outsideAddress)('answer 404 to another machine, while the API and pages answer', async () => {
    const outside = `http://${outsideAddress}:${sys.port}`;
    expect((await fetch(`${outside}/_local/outbox`)).status).toBe(404);
    expect((await fetch(`${outside}/_local/outbox?format=json`)).status).toBe(404);
    expect((await cognito(outside, '{"GroupName":"ops","UserPoolId":"local"}')).status).toBe(404);
    expect((await fetch(`${outside}/_local/issuer/.well-known/jwks.json`)).status).toBe(404);
    expect((await fetch(`${outside}/api/products`)).status).toBe(200);
    expect((await fetch(`${outside}/`)).status).toBe(200);
    // From loopback they answer.
    expect((await fetch(`${sys.baseUrl}/_local/outbox?format=json`)).status).toBe(200);
  });

  it('/_local/cognito answers bad JSON and a missing group with 400 naming the field', async () => {
    const bad = await cognito(sys.baseUrl, '{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      __type: 'SerializationException',
      issues: [{ path: '', message: expect.stringMatching(/JSON/) }],
    });
    const missing = await cognito(sys.baseUrl, '{"UserPoolId":"local","GroupName":7}');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      __type: 'InvalidParameterException',
      issues: [{ path: 'GroupName', message: expect.any(String) }],
    });
    const other = await fetch(`${sys.baseUrl}/_local/cognito`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' },
      body: '{"UserPoolId":"local","Username":"ops@example.com"}',
    });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ __type: 'InvalidAction' });
    const ok = await cognito(sys.baseUrl, '{"UserPoolId":"local","GroupName":"ops"}');
    expect(ok.status).toBe(200);
    expect((await ok.json()).Users[0].Username).toBe('ops@example.com');
  });

  it('serves /config.json naming the local sign-in, so staff pages log no 404', async () => {
    const res = await fetch(`${sys.baseUrl}/config.json`);
    expect(res.status).toBe(200);
    // The local sign-in, the company the printed documents speak for (the demo one), and the
    // rush settings the functions use, which the rush pages quote (R-RUSH-3, R-RUSH-6).
    expect(await res.json()).toEqual({
      staffSignIn: { kind: 'local' },
      company: DEMO_COMPANY,
      rush: { decisionMinutes: 60, intervalMinutes: 120 },
    });
  });
});

describe('the outbox', () => {
  it('is a readable page, newest first, with each email rendered and its links clickable', async () => {
    const placed = await sys.api('/api/orders', { json: orderBody() });
    const { orderNumber } = (await placed.json()) as { orderNumber: string };
    await sys.drain();
    const res = await fetch(`${sys.baseUrl}/_local/outbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('发件箱');
    expect(html).toContain('<meta name="viewport"');
    // The email's own HTML, in a sandboxed frame (scripts cannot run in it), links open the page.
    expect(html).toMatch(/<iframe[^>]+sandbox="[^"]*allow-top-navigation-by-user-activation/);
    expect(html).not.toMatch(/sandbox="[^"]*allow-scripts/);
    expect(html).toContain(orderNumber);
    const english = await (await fetch(`${sys.baseUrl}/_local/outbox?lang=en`)).text();
    expect(english).toContain('Outbox');
    expect(english).not.toContain('发件箱');

    const json = (await (await fetch(`${sys.baseUrl}/_local/outbox?format=json`)).json()) as {
      sentAt: string;
    }[];
    expect(json.length).toBeGreaterThan(0);
    const times = json.map((m) => m.sentAt);
    expect(times).toEqual([...times].sort());
  });
});

describe('the data directory', () => {
  it('is 0700 with every file 0600, database files included', async () => {
    await sys.drain();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const wrong: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const mode = (await stat(path)).mode & 0o777;
        if (entry.isDirectory()) {
          if (mode !== 0o700) wrong.push(`${path} ${mode.toString(8)}`);
          await walk(path);
        } else if (mode !== 0o600) wrong.push(`${path} ${mode.toString(8)}`);
      }
    };
    await walk(dataDir);
    expect(wrong).toEqual([]);
    const names = await readdir(join(dataDir, 'dynamodb'), { recursive: true });
    expect(names.some((n) => /\.(log|ldb)$|CURRENT|MANIFEST/.test(String(n)))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute } from '#local/api-event.ts';
import { fixedWindowLimiter } from '#local/rate-limit.ts';
import { toE164 } from '#shared/adapters/messaging.ts';
import { customerIdentity } from '#shared/entities/catalogue-entities.ts';
import { rolesFromClaims } from '#shared/http/auth.ts';
import { HttpError } from '#shared/http/errors.ts';
import { readForm } from '#shared/http/html-page.ts';
import { parseJsonBody } from '#shared/http/route.ts';

describe('roles from JWT claims (R-SEC-2)', () => {
  it('reads Cognito groups as an array or as the string API Gateway passes', () => {
    expect(rolesFromClaims({ 'cognito:groups': ['ops', 'gm'] })).toEqual(['ops', 'gm']);
    expect(rolesFromClaims({ 'cognito:groups': '[ops sales_director]' })).toEqual(['ops', 'sales_director']);
  });

  it('ignores groups that are not roles', () => {
    expect(rolesFromClaims({ 'cognito:groups': ['admins', 'ops'] })).toEqual(['ops']);
    expect(rolesFromClaims({})).toEqual([]);
  });
});

describe('local rate limit (R-SEC-3)', () => {
  it('answers with the seconds to wait once a client passes the limit in a minute', () => {
    const limiter = fixedWindowLimiter(2);
    expect(limiter.hit('a', 0)).toBe(0);
    expect(limiter.hit('a', 1000)).toBe(0);
    expect(limiter.hit('a', 2000)).toBe(58);
    expect(limiter.hit('b', 2000)).toBe(0);
    expect(limiter.hit('a', 60_000)).toBe(0);
  });

  it('is off at 0', () => {
    const limiter = fixedWindowLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.hit('a')).toBe(0);
  });
});

describe('route matching of the local server', () => {
  it('extracts path parameters and matches the method', () => {
    const route = compileRoute('POST', '/api/orders/{id}/assign');
    expect(matchRoute(route, 'POST', '/api/orders/01ABC/assign')).toEqual({ id: '01ABC' });
    expect(matchRoute(route, 'GET', '/api/orders/01ABC/assign')).toBeUndefined();
    expect(matchRoute(route, 'POST', '/api/orders/a/b/assign')).toBeUndefined();
  });

  it('treats dots in paths literally', () => {
    const route = compileRoute('GET', '/api/openapi.json');
    expect(matchRoute(route, 'GET', '/api/openapiXjson')).toBeUndefined();
  });
});

describe('contact normalisation', () => {
  it('identifies a customer by email, else by phone digits without +86', () => {
    expect(customerIdentity({ email: ' A@B.example ', phone: '1' })).toBe('email:a@b.example');
    expect(customerIdentity({ phone: '+86 138-0013-8000' })).toBe('phone:13800138000');
  });

  it('writes SMS numbers in E.164, mainland by default', () => {
    expect(toE164('138 0013 8000')).toBe('+8613800138000');
    expect(toE164('+852 9123 4567')).toBe('+85291234567');
    expect(toE164('0086 13800138000')).toBe('+8613800138000');
  });
});

describe('request bodies (R-INTAKE-2, R-SEC-3)', () => {
  const event = (body: string, contentType: string) =>
    ({ body, isBase64Encoded: false, headers: { 'content-type': contentType } }) as never;
  const status = (run: () => unknown): number | undefined => {
    try {
      run();
    } catch (error) {
      return (error as HttpError).statusCode;
    }
    return undefined;
  };

  it('refuses a JSON body declared in another charset than UTF-8 with 415', () => {
    const body = JSON.stringify({ name: '张三' });
    for (const type of [
      'application/json; charset=iso-8859-1',
      'application/json;charset="GBK"',
      'application/json; charset=utf-16',
    ]) {
      expect(
        status(() => parseJsonBody(event(body, type))),
        type,
      ).toBe(415);
    }
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset="UTF8"',
    ]) {
      expect(parseJsonBody(event(body, type)), type).toEqual({ name: '张三' });
    }
  });

  it('takes only strings from a JSON form: an approval decision sent as a list is a 400', () => {
    const read = (body: unknown) =>
      readForm(event(JSON.stringify(body), 'application/json'), ['decision', 'reason']);
    expect(read({ decision: 'approve', reason: 'ok' })).toEqual({ decision: 'approve', reason: 'ok' });
    for (const body of [
      { decision: ['approve'] },
      { decision: { toString: 'approve' } },
      { decision: 1 },
      { decision: 'reject', reason: ['x'] },
    ]) {
      try {
        read(body);
        expect.unreachable(JSON.stringify(body));
      } catch (error) {
        expect(error).toBeInstanceOf(HttpError);
        expect((error as HttpError).statusCode).toBe(400);
        expect((error as HttpError).issues?.[0]?.message).toMatch(/^Expected string, received/);
      }
    }
  });
});

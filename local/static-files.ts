/** Serves web/ as the static site (S3 + CloudFront on AWS). */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pageContentSecurityPolicy } from '#shared/http/content-security-policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const PAGE_POLICY = pageContentSecurityPolicy();

/** Answers a static file; false when there is none (the caller answers 404). */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<boolean> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return false;
  }
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      // The same policy CloudFront sends on AWS (sign-in calls this origin locally).
      'content-security-policy': PAGE_POLICY,
    });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

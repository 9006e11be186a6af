/**
 * The one infra test that runs esbuild, as `cdk synth` does: every deployed handler must bundle
 * offline into an ESM file that can still `require` CommonJS dependencies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
let outdir: string;
let assetDirs: Map<string, string>;
beforeAll(() => {
  desk = buildForTest({ bundle: true });
  outdir = desk.app.synth().directory;
  const manifest = JSON.parse(readFileSync(join(outdir, 'OrderDeskStateless.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  // Read from the assembly: Template.fromStack would synthesize (and bundle) a second time.
  const template = JSON.parse(readFileSync(join(outdir, 'OrderDeskStateless.template.json'), 'utf8')) as {
    Resources: Record<string, { Properties: { Code: { S3Key: string } } }>;
  };
  assetDirs = new Map(
    desk.stateless.functions.map((f) => {
      const id = Stack.of(f).getLogicalId(f.fn.node.defaultChild as never);
      const key = template.Resources[id]!.Properties.Code.S3Key;
      return [f.spec.name, join(outdir, manifest.files[key.replace(/\.zip$/, '')]!.source.path)];
    }),
  );
}, 240_000); // esbuild bundles every function of the manifest: minutes on a busy 2-core machine
afterAll(removeBuilds);

describe('function bundles', () => {
  it('bundles every handler into one minified ESM file with a source map', () => {
    for (const [name, dir] of assetDirs) {
      expect(existsSync(join(dir, 'index.mjs')), name).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
    }
  });

  it('defines require through createRequire for CommonJS dependencies', () => {
    for (const [name, dir] of assetDirs) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire'), name).toBe(true);
      expect(code, name).toMatch(/export\s*\{[^}]*\bhandler\b/);
    }
  });

  it('loads in a plain Node process and exports a handler function', () => {
    // A separate process, as Lambda runs it: no tsx, no subpath imports, only the bundle.
    const bundles = [...assetDirs].map(([name, dir]) => [name, join(dir, 'index.mjs')]);
    const script = `
      const out = {};
      for (const [name, file] of ${JSON.stringify(bundles)}) {
        out[name] = typeof (await import(file)).handler;
      }
      console.log(JSON.stringify(out));`;
    const env = {
      PATH: process.env['PATH'] ?? '',
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'orders',
      PUBLIC_BASE_URL: 'https://example.com',
      MAIL_FROM: 'orders@example.com',
      TRACKING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tracking',
      JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
      APPROVAL_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-approval',
      SLA_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-sla',
      STAFF_USER_POOL_ID: 'eu-west-1_example',
      APPROVAL_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:approvals',
    };
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });
    const types = JSON.parse(output.trim().split('\n').pop()!);
    expect(types).toEqual(Object.fromEntries([...assetDirs.keys()].map((name) => [name, 'function'])));
  });
});

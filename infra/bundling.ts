/**
 * How every Lambda bundle is built, shared by the CDK functions and `npm run bench`, so the
 * sizes measured are the sizes deployed.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** ESM output needs `require` for the CommonJS parts of dependencies. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __odCreateRequire } from 'node:module'; const require = __odCreateRequire(import.meta.url);";

/** ESM entry points of dependencies first: they tree-shake. */
export const MAIN_FIELDS = ['module', 'main'];

/** Module aliases (see shared/adapters/lambda-credentials.ts for why). */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': resolve(ROOT, 'shared/adapters/lambda-credentials.ts'),
};

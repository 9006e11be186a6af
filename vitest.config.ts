import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration, infra and browser tests start real emulators, synth CDK and drive Chromium.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    silent: 'passed-only',
    // Tests make their own SDK clients on the emulators, which take any region and credentials;
    // the local systems they start give theirs to their handlers (shared/runtime-env.ts).
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration, infra and browser tests start real emulators, synth CDK and drive Chromium.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    silent: 'passed-only',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

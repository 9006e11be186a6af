/**
 * The credential provider of the Lambda bundles. Lambda always hands a function its role's
 * credentials in environment variables, so the SDK's full default chain (SSO, profiles, web
 * identity, IMDS…) is dead weight there: the bundler aliases `@aws-sdk/credential-provider-node`
 * to this module (infra/bundling.ts), which keeps every bundle under 500 KB. Unbundled code (the
 * local runtime, tests) uses the SDK's own chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = () => fromEnv();

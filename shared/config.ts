/**
 * Configuration, read once at cold start and loudly (STYLE.md 6): a missing variable fails
 * with its name. The tracking secret comes from Secrets Manager on AWS (TRACKING_SECRET_ARN)
 * and straight from the environment locally (TRACKING_SECRET).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
}

export const tableName = (): string => requireEnv('TABLE_NAME');
export const publicBaseUrl = (): string => requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, '');
export const mailFrom = (): string => requireEnv('MAIL_FROM');
export const jwtIssuer = (): string => requireEnv('JWT_ISSUER');

let trackingSecretPromise: Promise<string> | undefined;

export function trackingSecret(): Promise<string> {
  trackingSecretPromise ??= (async () => {
    const direct = process.env['TRACKING_SECRET'];
    if (direct) return direct;
    const arn = requireEnv('TRACKING_SECRET_ARN');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error('The tracking secret is empty');
    return out.SecretString;
  })();
  trackingSecretPromise.catch(() => {
    trackingSecretPromise = undefined;
  });
  return trackingSecretPromise;
}

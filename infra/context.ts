/**
 * Deployment settings read from CDK context (`cdk.json` or `-c name=value`), checked once at
 * synth so a typo fails the synth instead of the first email sent.
 */
import type { Node } from 'constructs';

export interface OrderDeskContext {
  /** Sender of customer mail; its address or domain must be a verified SES identity. */
  mailFrom: string;
  /** Base URL of tracking/approval links; defaults to the CloudFront URL when unset. */
  publicBaseUrl?: string;
}

export const DEFAULT_MAIL_FROM = 'orders@example.com';

export function readContext(node: Node): OrderDeskContext {
  const mailFrom = String(node.tryGetContext('mailFrom') ?? DEFAULT_MAIL_FROM);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
    throw new Error(`Context mailFrom must be an email address, got "${mailFrom}"`);
  }
  const rawUrl = node.tryGetContext('publicBaseUrl');
  if (rawUrl === undefined || rawUrl === '') return { mailFrom };
  const publicBaseUrl = String(rawUrl).replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+/.test(publicBaseUrl)) {
    throw new Error(`Context publicBaseUrl must be an https URL, got "${publicBaseUrl}"`);
  }
  return { mailFrom, publicBaseUrl };
}

/** The part of mailFrom after `@`: SES may verify the address or its whole domain. */
export const mailDomain = (mailFrom: string): string => mailFrom.slice(mailFrom.indexOf('@') + 1);

/**
 * Where the stacks deploy: an account and a region, from context (`-c account=… -c region=…`) or
 * the CLI's own `CDK_DEFAULT_ACCOUNT` / `CDK_DEFAULT_REGION` (the profile's). The region must
 * offer SES email receiving, which email intake (R-INTAKE-6) needs: checked at synth, so a
 * deployment to a region without it fails before anything is created, with the regions that have it.
 */
import type { Node } from 'constructs';

/**
 * The regions where SES receives email, from the AWS General Reference, "Amazon Simple Email
 * Service endpoints and quotas", table "Email receiving endpoints" (inbound-smtp.<region>.amazonaws.com).
 * AWS adds regions from time to time: when yours is listed there, add it here. The China regions
 * (cn-north-1, cn-northwest-1) have no SES at all.
 */
export const SES_RECEIVING_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
] as const;

/** CloudFront takes WAF web ACLs (and certificates) from this region only. */
export const CLOUDFRONT_REGION = 'us-east-1';

export interface DeploymentEnv {
  region: string;
  /** Unset: the stacks stay account-agnostic (CloudFormation fills in the deploying account). */
  account?: string;
}

export function readDeploymentEnv(node: Node, env: NodeJS.ProcessEnv = process.env): DeploymentEnv {
  const context = (name: string): string | undefined => {
    const value: unknown = node.tryGetContext(name);
    return value === undefined || value === '' ? undefined : String(value).trim();
  };
  const region = context('region') ?? env['CDK_DEFAULT_REGION'];
  if (!region) {
    throw new Error(
      'No region: pass -c region=<region> or configure one for the AWS CLI profile. Email intake needs a region ' +
        `with SES email receiving: ${SES_RECEIVING_REGIONS.join(', ')}.`,
    );
  }
  checkSesReceivingRegion(region);
  const account = context('account') ?? env['CDK_DEFAULT_ACCOUNT'];
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new Error(`Context account must be a 12-digit AWS account id, got "${account}"`);
  }
  return { region, ...(account ? { account } : {}) };
}

/** Fails with the list of regions that have SES email receiving when `region` is not one. */
export function checkSesReceivingRegion(region: string): void {
  if ((SES_RECEIVING_REGIONS as readonly string[]).includes(region)) return;
  throw new Error(
    `Region ${region} does not offer SES email receiving, which email intake needs (docs/infra.md). ` +
      `Deploy to one of: ${SES_RECEIVING_REGIONS.join(', ')}.`,
  );
}

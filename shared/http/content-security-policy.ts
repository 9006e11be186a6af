/**
 * The Content-Security-Policy of the static pages (web/), one definition for both places that
 * serve them: CloudFront's response headers policy on AWS (infra/static-site.ts) and the local
 * static file server (local/static-files.ts). The pages load only their own scripts and styles
 * (no inline script or style element, no inline handler), call only their own origin — and, on
 * AWS, the Cognito endpoint that signs staff in and the inbound bucket a large upload is PUT to —
 * and may not be framed.
 *
 * The server-rendered approval and feedback pages carry their own policy (html-page.ts).
 */

/** Where the pages may connect besides their own origin, e.g. the Cognito endpoint on AWS. */
export interface PagePolicyOptions {
  connectTo?: readonly string[];
}

export function pageContentSecurityPolicy(options: PagePolicyOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Styles from the site's own files; element.style set by scripts is not restricted by CSP.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...(options.connectTo ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The Cognito user pools endpoint the staff sign-in calls (web/js/sign-in.js). */
export const cognitoEndpoint = (region: string): string => `https://cognito-idp.${region}.amazonaws.com`;

/**
 * Where the pages PUT a file too large for the API (R-CHG-1, POST /api/uploads/url): the inbound
 * bucket's regional endpoint, as the presigned URL names it (shared/adapters/upload-store.ts).
 */
export const uploadEndpoint = (bucketName: string, region: string, urlSuffix = 'amazonaws.com'): string =>
  `https://${bucketName}.s3.${region}.${urlSuffix}`;

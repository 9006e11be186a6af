/**
 * Master data files (R-MASTER-1..3):
 * POST /api/imports/{kind}?dryRun=true — the file (CSV or XLSX) as the body; checked whole, then written;
 * GET /api/imports/{kind}/template?format=xlsx|csv — the columns and an example row;
 * GET /api/exports/{kind}?format=xlsx|csv — the data as it stands, in the import's columns.
 * `kind` is products, stock or customers.
 */
import * as z from 'zod';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoCustomerStore } from '#shared/adapters/dynamo-customers.ts';
import { productDeps } from '#shared/adapters/product-deps.ts';
import { tableName } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { IMPORT_KINDS } from '#shared/domain/master-import.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { HttpError, json } from '#shared/http/errors.ts';
import type { RouteInput } from '#shared/http/route.ts';
import { asFile, masterRows } from '#shared/use-cases/export-master-data.ts';
import { IMPORT_ROLES, ImportRowsError, importMasterData } from '#shared/use-cases/import-master-data.ts';

const query = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  dryRun: z.enum(['true', 'false']).default('false'),
});

export async function filesRoute({ event, staff }: RouteInput) {
  const parsed = query.safeParse({
    ...event.queryStringParameters,
    kind: event.pathParameters?.['kind'],
  });
  if (!parsed.success) throw new ValidationError('Invalid request', toFieldIssues(parsed.error));
  const { kind, format, dryRun } = parsed.data;
  const base = productDeps();
  const deps = { ...base, customers: dynamoCustomerStore(documentClient(), tableName()) };
  if (event.routeKey === 'POST /api/imports/{kind}') {
    if (!staff!.roles.some((r) => IMPORT_ROLES[kind].includes(r)))
      throw new HttpError(403, `Importing ${kind} is for ${IMPORT_ROLES[kind].join(', ')}`);
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    if (bytes.length === 0)
      throw new ValidationError('The file is empty', [{ path: '', message: 'Send the file as the body' }]);
    try {
      const result = await importMasterData(deps, {
        kind,
        bytes,
        dryRun: dryRun === 'true',
        actor: { email: staff!.email, roles: staff!.roles },
      });
      return json(200, { ...result, dryRun: dryRun === 'true' });
    } catch (error) {
      if (error instanceof ImportRowsError) return json(400, { error: error.message, rows: error.rows });
      throw error;
    }
  }
  const template = event.routeKey === 'GET /api/imports/{kind}/template';
  const rows = await masterRows({ ...deps, now: base.clock.now() }, kind, template);
  const file = asFile(rows, format, template ? `${kind}-template` : kind);
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
  };
  return typeof file.body === 'string'
    ? { statusCode: 200, headers, body: file.body }
    : { statusCode: 200, headers, body: Buffer.from(file.body).toString('base64'), isBase64Encoded: true };
}

/** GET /api/openapi.json — the API description, generated from the zod schemas. */
import { json } from '#shared/http/errors.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import { httpRoute } from '#shared/http/route.ts';

let document: Record<string, unknown> | undefined;

export const handler = httpRoute('get-openapi', async () => json(200, (document ??= openApiDocument())));

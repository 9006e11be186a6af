/** GET /api/my-work?limit= — the orders waiting on the caller's roles (我的待办, R-PROC-1, R-PROC-7). */
import * as z from 'zod';
import { caseStore, orderList, specialReviewQueue } from '#shared/adapters/deps.ts';
import { dynamoChangeStore } from '#shared/adapters/dynamo-change-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { specialReviewQualityRole, tableName } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import type { StaffRole } from '#shared/domain/roles.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import type { ChangeStore } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { listMyWork } from '#shared/use-cases/list-my-work.ts';

const changes = perEnvironment((): ChangeStore => dynamoChangeStore(documentClient(), tableName()));

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const handler = httpRoute('list-my-work', async ({ event, staff }) => {
  const query = querySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new ValidationError('Invalid query', toFieldIssues(query.error));
  const me = { email: staff!.email, roles: staff!.roles as StaffRole[] };
  return json(
    200,
    await listMyWork(
      {
        list: orderList(),
        cases: caseStore(),
        changes: changes(),
        // R-SPEC-1: the special-requirement reviews waiting on production, ops and quality.
        special: specialReviewQueue(),
        qualityRole: specialReviewQualityRole(),
      },
      me,
      query.data.limit,
    ),
  );
});

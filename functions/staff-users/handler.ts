/**
 * The staff-users page's API, gm only (R-SEC-2):
 * GET /api/staff-users; POST /api/staff-users (create, temporary password emailed);
 * POST /api/staff-users/{email}/disable | enable | reset-password.
 */
import { cognitoStaffAccounts } from '#shared/adapters/cognito-staff-accounts.ts';
import { staffUserPoolId } from '#shared/config.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import {
  newStaffUserSchema,
  STAFF_USER_ACTIONS,
  type StaffUserAction,
  staffEmailSchema,
} from '#shared/domain/staff-user-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import type { StaffAccounts } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { changeStaffUser } from '#shared/use-cases/change-staff-user.ts';
import { createStaffUser } from '#shared/use-cases/create-staff-user.ts';

const staffAccounts = perEnvironment((): StaffAccounts => cognitoStaffAccounts(staffUserPoolId()));

export const handler = httpRoute(
  'staff-users',
  async ({ event, staff, body }) => {
    const accounts = staffAccounts();
    const deps = { accounts };
    if (event.requestContext.http.method === 'GET') return json(200, { items: await accounts.list() });
    const username = event.pathParameters?.['username'];
    if (username === undefined) {
      const parsed = newStaffUserSchema.safeParse(body ?? {});
      if (!parsed.success) throw new ValidationError('Invalid staff user', toFieldIssues(parsed.error));
      const outcome = await createStaffUser(deps, parsed.data);
      if (outcome.kind === 'exists') throw new ConflictError('An account with this email already exists');
      return json(201, { email: outcome.email });
    }
    const email = staffEmailSchema.safeParse(decodeURIComponent(username));
    if (!email.success)
      throw new ValidationError('Invalid account', [{ path: 'username', message: 'Not an email address' }]);
    const action = event.rawPath.split('/').pop() as StaffUserAction;
    if (!STAFF_USER_ACTIONS.includes(action)) throw new NotFoundError('No such action');
    const outcome = await changeStaffUser(deps, { email: email.data, action, actor: staff!.email });
    if (outcome === 'not-found') throw new NotFoundError('No account with this email');
    if (outcome === 'own-account') throw new ConflictError('You cannot disable your own account');
    return json(200, { email: email.data, action });
  },
  { jsonBody: 'optional' },
);

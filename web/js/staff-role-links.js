// @ts-check
/**
 * The role-bound links of the staff console (staff/index.html): each is shown only to the roles
 * that may use its page, whenever the queue view appears after a sign-in. Kept apart from
 * staff-queue.js; it watches the view instead of being called by it.
 * - "报表 Reports" (`#reports-link`): the roles that may read reports (R-REPORT-2).
 * - "邮件待处理 Email orders" (`#inbound-link`): the roles that work the email intake lists
 *   (R-INTAKE-6: sales, ops, sales director, general manager — functions/manifest.ts).
 * - "员工账户 Staff accounts" (`#users-link`): gm, who manages sign-in accounts (R-SEC-2).
 * - "＋ 电话订单" (`#phone-order`): sales and ops; "＋ 紧急订单" (`#rush-order`): sales.
 */
import { REPORT_ROLES } from './report-period.js';
import { getUser } from './session.js';

/** Link id → the roles that see it. */
export const LINK_ROLES = {
  'reports-link': REPORT_ROLES,
  'inbound-link': ['sales', 'ops', 'sales_director', 'gm'],
  // Staff sign-in accounts (R-SEC-2): the general manager.
  'users-link': ['gm'],
  // Customers (R-MASTER-3): the roles that read them (functions/manifest.ts CUSTOMER_READERS).
  'customers-link': ['sales', 'ops', 'sales_director', 'gm', 'finance', 'after_sales', 'logistics'],
  // Phone orders: the staff roles POST /api/orders takes as staff (R-INTAKE-1).
  'phone-order': ['sales', 'ops'],
  // Rush applications are filed by sales (POST /api/rush-orders, R-RUSH-1).
  'rush-order': ['sales'],
};

function update() {
  const roles = getUser()?.roles ?? [];
  for (const [id, allowed] of Object.entries(LINK_ROLES)) {
    const link = document.getElementById(id);
    if (link) link.hidden = !roles.some((role) => allowed.includes(role));
  }
}

const view = document.getElementById('queue-view');
if (view) new MutationObserver(update).observe(view, { attributes: true, attributeFilter: ['hidden'] });
update();

/**
 * The "邮件待处理 / Email orders" link of the staff console (staff/index.html): shown only to the
 * roles that work the email intake lists (R-INTAKE-6: sales, ops, sales director, general
 * manager — functions/manifest.ts), whenever the queue view appears after a sign-in.
 */
import { getUser } from './session.js';

const INBOUND_ROLES = ['sales', 'ops', 'sales_director', 'gm'];

function update() {
  const link = document.getElementById('inbound-link');
  if (!link) return;
  const roles = getUser()?.roles ?? [];
  link.hidden = !roles.some((role) => INBOUND_ROLES.includes(role));
}

const view = document.getElementById('queue-view');
if (view) new MutationObserver(update).observe(view, { attributes: true, attributeFilter: ['hidden'] });
update();

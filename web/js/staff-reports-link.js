/**
 * The "报表 Reports" link of the staff console (staff/index.html): shown only to the roles
 * that may read reports (R-REPORT-2), whenever the queue view appears after a sign-in. Kept
 * apart from staff-queue.js; it watches the view instead of being called by it.
 */
import { REPORT_ROLES } from './report-period.js';
import { getUser } from './session.js';

function update() {
  const link = document.getElementById('reports-link');
  if (!link) return;
  const roles = getUser()?.roles ?? [];
  link.hidden = !roles.some((role) => REPORT_ROLES.includes(role));
}

const view = document.getElementById('queue-view');
if (view) new MutationObserver(update).observe(view, { attributes: true, attributeFilter: ['hidden'] });
update();

// @ts-check
/**
 * `/config.json`, read once per page: what the pages need to know about this deployment — the
 * staff sign-in (sign-in.js), the company the printed documents speak for (staff-print.js) and
 * the rush settings the rush pages quote (R-RUSH-3, R-RUSH-6). Published by infra/stateless-stack.ts
 * on AWS and served by local/local-endpoints.ts locally. `null` when it cannot be read: the pages
 * fall back to their defaults.
 */

/** @type {Promise<any> | undefined} */
let configPromise;

/** @returns {Promise<any>} */
export function siteConfig() {
  configPromise ??= fetch('/config.json', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  return configPromise;
}

/** The rush settings in minutes: leadership's answer and the progress interval (defaults 60 and 120). */
export async function rushSettings() {
  const rush = (await siteConfig())?.rush;
  return {
    decisionMinutes: Number(rush?.decisionMinutes) > 0 ? Number(rush.decisionMinutes) : 60,
    intervalMinutes: Number(rush?.intervalMinutes) > 0 ? Number(rush.intervalMinutes) : 120,
  };
}

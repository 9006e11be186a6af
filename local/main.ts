/**
 * `npm start`: the whole Order desk on this machine. Reads PORT, ORDERDESK_HOST,
 * ORDERDESK_DATA_DIR, ORDERDESK_RATE_LIMIT, ORDERDESK_DEMO_PASSWORD, ORDERDESK_MAIL_FROM and
 * ORDERDESK_TIME_SCALE and ORDERDESK_ROBOTS (README "Configuration").
 */
import { noticeCalendar } from './calendar-notice.ts';
import { startSystem } from './system.ts';

const intEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
};

const positiveEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

// The system reaches itself at http://localhost (the issuer's keys, the outbox), so it listens
// on loopback alone or on every interface, loopback included.
const loopbackHosts = ['127.0.0.1', 'localhost'];
const everyInterface = ['0.0.0.0', '::'];
const host = process.env['ORDERDESK_HOST'] || '127.0.0.1';
if (![...loopbackHosts, ...everyInterface].includes(host)) {
  throw new Error(
    `ORDERDESK_HOST must be 127.0.0.1 (this machine only, the default) or 0.0.0.0 or :: (every interface), got "${host}"`,
  );
}

const timeScale = positiveEnv('ORDERDESK_TIME_SCALE', 1);

const system = await startSystem({
  host,
  dataDir: process.env['ORDERDESK_DATA_DIR'] || '.data',
  port: intEnv('PORT', 3000),
  rateLimit: intEnv('ORDERDESK_RATE_LIMIT', 120),
  demoPassword: process.env['ORDERDESK_DEMO_PASSWORD'] || 'orderdesk-demo',
  mailFrom: process.env['ORDERDESK_MAIL_FROM'] || undefined,
  demoOrders: true,
  timeScale,
  smtpPort: intEnv('SMTP_PORT', 2525),
  robots: process.env['ORDERDESK_ROBOTS'],
});

const url = system.baseUrl;
console.log(`
  Order form / 下单        ${url}/
  Staff console / 员工     ${url}/staff/
  Order list / 订单列表    ${url}/staff/orders.html
  Products & stock / 产品  ${url}/staff/products.html
  Customers / 客户         ${url}/staff/customers.html
  Quotations / 报价单      ${url}/staff/quotations.html
  Billing / 对账与开票     ${url}/staff/billing.html
  Reports / 报表           ${url}/staff/reports.html
  Email needs attention    ${url}/staff/inbound.html
  Outbox (mail, SMS, robots) ${url}/_local/outbox
  Group robots             ${system.robots ? 'local WeCom, DingTalk and Feishu robots (every alert kind)' : 'ORDERDESK_ROBOTS'}
  API description          ${url}/api/openapi.json
  Email orders (SMTP)      smtp://127.0.0.1:${system.smtpPort}  →  ${system.intakeAddress}

  Staff logins (password: ${system.demoPassword})
${system.demoUsers.map((u) => `    ${u.email.padEnd(30)} ${u.role}`).join('\n')}
`);
if (!loopbackHosts.includes(host)) {
  console.warn(`
  ******************************************************************************************
  WARNING: ORDERDESK_HOST=${host}: other machines can reach this Order desk on port ${system.port}.
  It is a demo with demo logins (password above) and customer data; anyone who can reach it
  can sign in. The outbox and the other /_local/ pages still answer this machine only.
  Unset ORDERDESK_HOST to listen on 127.0.0.1 alone.
  ******************************************************************************************
`);
}
if (timeScale !== 1) {
  // README "Try it": at 60 a person can follow an order through its steps; far above, not.
  const hour = 3600 / timeScale;
  console.log(
    `  ORDERDESK_TIME_SCALE=${timeScale}: an hour of workflow time passes in ${hour >= 60 ? `${+(hour / 60).toFixed(1)} min` : `${+hour.toFixed(2)} s`}.${timeScale > 600 ? ' Deadlines pass before anyone can act; 60 is the demo speed.' : ''}\n`,
  );
}
console.log(`Order desk ready at ${url}`);
await system.run(() => noticeCalendar(url)); // R-PROC-5: a year ahead without its official holiday schedule

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping…`);
  await system.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

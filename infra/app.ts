/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Context: `mailFrom` (default
 * orders@example.com), optional `publicBaseUrl`, `workingCalendar` and `approvalDeadlineHours`
 * (JSON); see docs/infra.md.
 */
import { App } from 'aws-cdk-lib';
import { buildOrderDesk } from './order-desk.ts';

const app = new App();
buildOrderDesk(app);
app.synth();

/**
 * The adapters of the after-sales use cases (R-AFTER-1: open-case, act-on-case), built once per
 * process from the configuration: orders and cases from the table, mail via SES, link signing.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mailFrom } from '../config.ts';
import { systemClock } from '../ports.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import type { CaseDeps } from '../use-cases/open-case.ts';
import { currentCalendar } from './calendar-source.ts';
import { caseStore, orderStore, trackingLinks } from './deps.ts';
import { sesMailer } from './messaging.ts';

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));

/** What acting on a case needs; opening one needs the working calendar too (`openCaseDeps`). */
export async function caseDeps(): Promise<Omit<CaseDeps, 'calendar'>> {
  return {
    orders: orderStore(),
    cases: caseStore(),
    mailer: mailer(),
    clock: systemClock,
    ...(await trackingLinks()),
  };
}

/** What opening a case needs: the first-response deadline counts working hours. */
export const openCaseDeps = async (): Promise<CaseDeps> => ({
  ...(await caseDeps()),
  calendar: await currentCalendar(),
});

/**
 * GET /api/reports/summary?from&to|period&granularity&format — the report figures on demand
 * (R-REPORT-2): JSON (the Report of shared/reports/report.ts), or the same figures as a CSV or
 * XLSX download. Staff roles of the manifest only (R-SEC-2).
 */
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoReportSource } from '#shared/adapters/dynamo-report-source.ts';
import { reportTimeZone, rushSettings, tableName } from '#shared/config.ts';
import type { HttpResult } from '#shared/http/errors.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import type { Report } from '#shared/reports/report.ts';
import { reportCsv, reportXlsx } from '#shared/reports/report-files.ts';
import { parseReportQuery } from '#shared/reports/report-query.ts';
import { readAtColdStart } from '#shared/runtime-env.ts';
import { buildReport } from '#shared/use-cases/build-report.ts';

const source = readAtColdStart(() => dynamoReportSource(documentClient(), tableName()));
const rush = readAtColdStart(rushSettings);
const timeZone = readAtColdStart(reportTimeZone);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(report: Report, ext: 'csv' | 'xlsx'): HttpResult {
  const name = `orderdesk-report-${report.period.from}_${report.period.to}.${ext}`;
  const disposition = `attachment; filename="${name}"`;
  if (ext === 'csv')
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition },
      body: reportCsv(report),
    };
  return {
    statusCode: 200,
    headers: { 'content-type': XLSX_TYPE, 'content-disposition': disposition },
    body: Buffer.from(reportXlsx(report)).toString('base64'),
    isBase64Encoded: true,
  };
}

export const handler = httpRoute('get-report-summary', async ({ event }) => {
  const now = new Date();
  const query = parseReportQuery(event.queryStringParameters ?? {}, now, timeZone());
  const report = await buildReport(
    { source: source() },
    { period: query.period, granularity: query.granularity, timeZone: timeZone(), now, rush: rush() },
  );
  return query.format === 'json' ? json(200, report) : download(report, query.format);
});

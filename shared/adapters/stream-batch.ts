/**
 * Per-record failures of a DynamoDB stream batch (`ReportBatchItemFailures` on the event source
 * mapping): every record is tried, and only the ones that failed are reported by sequence
 * number, so one bad record never fails the records around it. Lambda resumes from the lowest
 * reported one (the ones after it come again: consumers must be idempotent), retries it, and after
 * the mapping's retries parks it in the stream DLQ. The local stream poller reads the same answer.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

export interface StreamBatchOutcome<T> extends DynamoDBBatchResponse {
  /** What each record that succeeded returned (for counts in the log; never contact data). */
  results: T[];
}

export async function eachStreamRecord<T>(
  records: readonly DynamoDBRecord[],
  handle: (record: DynamoDBRecord) => Promise<T>,
): Promise<StreamBatchOutcome<T>> {
  const outcome: StreamBatchOutcome<T> = { batchItemFailures: [], results: [] };
  for (const record of records) {
    try {
      outcome.results.push(await handle(record));
    } catch (error) {
      const itemIdentifier = record.dynamodb?.SequenceNumber;
      // Without a sequence number the record cannot be reported: the whole batch is retried.
      if (!itemIdentifier) throw error;
      outcome.batchItemFailures.push({ itemIdentifier });
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'stream record failed',
          sequenceNumber: itemIdentifier,
          error: (error as Error).name,
        }),
      );
    }
  }
  return outcome;
}

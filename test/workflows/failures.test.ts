/**
 * Injected Lambda failures (ORDERDESK_FAULT_TASKS) on the real definitions: transient errors are
 * retried with back-off (R-APPR-1: one throttle does not hold the order), and a terminal task
 * that keeps failing is caught — the order's history says so and ops are mailed (R-APPR-3).
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink, getOrder, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// Time scale 1000: the longest back-off (60 s, before jitter) is 60 ms.
let sys: TestSystem;
beforeAll(async () => {
  approvalsWithoutDeadlines();
  process.env['ORDERDESK_FAULT_TASKS'] = JSON.stringify({
    'request-approval': { error: 'Lambda.TooManyRequestsException', times: 2 },
    'finish-approval': { error: 'Lambda.ServiceException', times: 1000 },
  });
  sys = await startTestSystem({ timeScale: 1000 });
});
afterAll(async () => {
  delete process.env['ORDERDESK_FAULT_TASKS'];
  await sys?.close();
});

const sfn = () =>
  new SFNClient({
    endpoint: sys.environment['AWS_ENDPOINT_URL_SFN']!,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const executionArn = (orderId: string) =>
  `${sys.environment['APPROVAL_STATE_MACHINE_ARN']!.replace(':stateMachine:', ':execution:')}:${orderId}`;

async function history(orderId: string) {
  const out = await sfn().send(
    new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000 }),
  );
  return out.events ?? [];
}

describe('failures are retried, caught and seen', () => {
  it('retries a throttled RequestApproval and a failing ApproveOrder, then records the failure and mails ops', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250 }] }),
    });
    const { orderId, orderNumber } = (await res.json()) as { orderId: string; orderNumber: string };

    // Two throttles, then the request goes out: the order waits for ops, not on hold.
    await waitForStep(sys, orderId, 'ops');
    const throttled = (await history(orderId)).filter(
      (e) => e.type === 'TaskFailed' && e.taskFailedEventDetails?.error === 'Lambda.TooManyRequestsException',
    );
    expect(throttled).toHaveLength(2);
    expect((await getOrder(sys, orderId)).status).toBe('under_review');

    // ApproveOrder fails every attempt: 1 + 6 transient retries, then the Catch.
    const link = await approvalLink(sys, orderNumber, 'ops@example.com');
    expect((await decideByLink(link, 'approve')).status).toBe(200);
    const failed = await eventually(
      async () => {
        const out = await sfn().send(new DescribeExecutionCommand({ executionArn: executionArn(orderId) }));
        return out.status === 'FAILED' ? out : undefined;
      },
      20_000,
      'the execution to fail',
    );
    expect(failed.error).toBe('OrderDesk.TerminalTaskFailed');
    const events = await history(orderId);
    const serviceErrors = events.filter(
      (e) =>
        e.type === 'LambdaFunctionFailed' &&
        e.lambdaFunctionFailedEventDetails?.error === 'Lambda.ServiceException',
    );
    expect(serviceErrors).toHaveLength(7);
    expect(
      events.some(
        (e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === 'RecordFailure',
      ),
    ).toBe(true);

    const order = await getOrder(sys, orderId);
    expect(order.history.at(-1)).toMatchObject({
      actor: 'workflow',
      action: 'workflow-failed',
      reason: `order-approval execution ${orderId} failed: Lambda.ServiceException; ops told`,
    });
    const mail = await eventually(async () =>
      (await sys.outbox()).find(
        (m) => m.to.includes('ops@example.com') && m.subject.includes(`Workflow failed: ${orderNumber}`),
      ),
    );
    expect(mail.text).toContain('Lambda.ServiceException');
    expect(mail.text).toContain('工作流');
  });
});

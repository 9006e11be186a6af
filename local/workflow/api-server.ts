/**
 * The Step Functions API on a loopback port, AWS JSON 1.0 protocol (`POST /`,
 * `X-Amz-Target: AWSStepFunctions.<Action>`), so handlers use `@aws-sdk/client-sfn` with only
 * the endpoint changed. Errors are `400 {"__type","message"}` with AWS's names; anything
 * unexpected is a 500 without internals. Requests are not signed-checked (loopback only).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './callbacks.ts';
import type { Core } from './core.ts';
import { SfnApiError } from './errors.ts';
import { describeExecution, executionHistory, startExecution, stopExecution } from './executions.ts';
import { toApiEvent } from './history.ts';

type Body = Record<string, unknown>;
type Action = (core: Core, body: Body) => Promise<Record<string, unknown>>;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

const ACTIONS: Record<string, Action> = {
  async StartExecution(core, body) {
    const machine = [...core.machines.values()].find((m) => m.arn === body['stateMachineArn']);
    if (!machine) {
      throw new SfnApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(body['stateMachineArn'])}'`,
      );
    }
    const started = await startExecution(core, machine, body['name'], body['input']);
    return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
  },
  async DescribeExecution(core, body) {
    const item = await describeExecution(core, body['executionArn']);
    return {
      executionArn: item.executionArn,
      stateMachineArn: item.stateMachineArn,
      name: item.name,
      status: item.status,
      startDate: seconds(item.startDate),
      stopDate: seconds(item.stopDate),
      input: item.input,
      inputDetails: { included: true },
      output: item.output,
      outputDetails: item.output === undefined ? undefined : { included: true },
      error: item.error,
      cause: item.cause,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  },
  async GetExecutionHistory(core, body) {
    const page = await executionHistory(core, body);
    const include = body['includeExecutionData'] !== false;
    return { events: page.events.map((event) => toApiEvent(event, include)), nextToken: page.nextToken };
  },
  async StopExecution(core, body) {
    const stopped = await stopExecution(core, body['executionArn'], body['error'], body['cause']);
    return { stopDate: seconds(stopped.stopDate) };
  },
  async SendTaskSuccess(core, body) {
    await sendTaskSuccess(core, body['taskToken'], body['output']);
    return {};
  },
  async SendTaskFailure(core, body) {
    await sendTaskFailure(core, body['taskToken'], body['error'], body['cause']);
    return {};
  },
  async SendTaskHeartbeat(core, body) {
    await sendTaskHeartbeat(core, body['taskToken']);
    return {};
  },
};

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new SfnApiError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const body = text ? JSON.parse(text) : {};
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch {
    throw new SfnApiError('ValidationException', 'Request body must be a JSON object');
  }
}

export async function startApiServer(
  core: Core,
  port: number,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const requestId = randomUUID();
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': requestId,
      });
      response.end(JSON.stringify(payload));
    };
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const action = target.startsWith('AWSStepFunctions.')
        ? ACTIONS[target.slice('AWSStepFunctions.'.length)]
        : undefined;
      if (request.method !== 'POST' || !action) {
        throw new SfnApiError('UnknownOperationException', `Unknown operation ${target || request.method}`);
      }
      send(200, await action(core, await readBody(request)));
    } catch (error) {
      if (error instanceof SfnApiError) {
        send(400, { __type: error.type, message: error.message });
        return;
      }
      core.log(`workflow api: internal error (${(error as Error)?.name ?? 'Error'})`);
      send(500, { __type: 'InternalFailure', message: 'Internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

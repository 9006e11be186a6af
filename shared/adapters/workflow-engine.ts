/**
 * The Step Functions client of the functions that start, resume or read workflows, on its own so
 * their bundles carry no more than it (no mail, SMS or directory clients).
 */
import { approvalStateMachineArn, rushStateMachineArn, slaStateMachineArn } from '../config.ts';
import type { WorkflowEngine } from '../ports.ts';
import { sfnWorkflowEngine } from './sfn-workflow-engine.ts';

let engine: WorkflowEngine | undefined;

export const workflowEngine = (): WorkflowEngine =>
  (engine ??= sfnWorkflowEngine({
    'order-approval': approvalStateMachineArn(),
    'order-sla': slaStateMachineArn(),
    // Read when first used: a function given no rush ARN never touches rush executions.
    get 'rush-order'() {
      return rushStateMachineArn();
    },
  }));

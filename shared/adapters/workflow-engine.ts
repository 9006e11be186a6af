/**
 * The Step Functions client of the functions that start, resume or read workflows, on its own so
 * their bundles carry no more than it (no mail, SMS or directory clients).
 */
import {
  approvalStateMachineArn,
  changeStateMachineArn,
  closeStateMachineArn,
  rushStateMachineArn,
  slaStateMachineArn,
} from '../config.ts';
import type { WorkflowEngine } from '../ports.ts';
import { perEnvironment } from '../runtime-env.ts';
import { sfnWorkflowEngine } from './sfn-workflow-engine.ts';

// Each ARN is read when first used: a function is given only the ARNs of the workflows it touches.
export const workflowEngine: () => WorkflowEngine = perEnvironment(() =>
  sfnWorkflowEngine({
    get 'order-approval'() {
      return approvalStateMachineArn();
    },
    get 'order-sla'() {
      return slaStateMachineArn();
    },
    get 'rush-order'() {
      return rushStateMachineArn();
    },
    get 'order-close'() {
      return closeStateMachineArn();
    },
    get 'order-change'() {
      return changeStateMachineArn();
    },
  }),
);

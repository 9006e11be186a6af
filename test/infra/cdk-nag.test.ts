/**
 * cdk-nag 3 reports through CDK's policy validation (a report at synth), not through
 * annotations, so the findings are read with `validateScope`, the pack's own entry point.
 */
import { type Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
let stacks: Stack[];
beforeAll(() => {
  // With the plugin registered, as `infra/app.ts` does: synthesis fails on any finding.
  desk = buildForTest({ nag: true });
  stacks = [desk.stateful, desk.stateless, desk.edge];
});
afterAll(removeBuilds);

interface Finding {
  rule: string;
  severity: string;
  path: string;
}

const findingsOf = (scope: IConstruct, ignoreAcknowledgments = false): Finding[] => {
  const pack = new AwsSolutionsChecks(undefined, { verbose: true });
  if (ignoreAcknowledgments) {
    // Sees what the acknowledgments hide, to catch ones that no longer match any finding.
    Object.assign(pack, { isAcknowledged: () => false });
  }
  return pack.validateScope(scope).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      rule: v.ruleName,
      severity: v.severity ?? '',
      path: r.constructPath ?? '',
    })),
  );
};

/** Every acknowledgment in the tree, as `rule @ construct path`, with its reason. */
const acknowledgmentsIn = (scope: IConstruct): { id: string; path: string; reason: string }[] =>
  scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: c.node.path,
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged finding, error or warning, in either stack', () => {
    for (const stack of stacks) {
      expect(findingsOf(stack), stack.stackName).toEqual([]);
    }
  });

  it('lets the app synthesize with the nag plugin registered, as `cdk synth` runs it', () => {
    expect(() => desk.app.synth()).not.toThrow();
  });

  it('acknowledges only findings that exist, each with a specific reason', () => {
    const raw = findingsOf(desk.app, true);
    for (const ack of acknowledgmentsIn(desk.app).filter((a) => a.id.startsWith('AwsSolutions-'))) {
      const matched = raw.some((f) => f.rule === ack.id && `${f.path}/`.startsWith(`${ack.path}/`));
      expect(matched, `${ack.id} @ ${ack.path} matches no finding`).toBe(true);
      expect(ack.reason.length, `${ack.id} @ ${ack.path}`).toBeGreaterThan(40);
    }
  });

  it('acknowledges the public approval-link routes with the link signature as their authorization', () => {
    const approvalRoutes = acknowledgmentsIn(desk.app).filter(
      (a) => a.id === 'AwsSolutions-APIG4' && a.reason.includes('/approvals/{id}'),
    );
    expect(approvalRoutes).toHaveLength(2);
    for (const ack of approvalRoutes) expect(ack.reason).toMatch(/HMAC signature.*single-use.*R-SEC-3/);
  });

  it('acknowledges the public feedback-link routes with the signed token as their authorization', () => {
    const feedbackRoutes = acknowledgmentsIn(desk.app).filter(
      (a) => a.id === 'AwsSolutions-APIG4' && a.reason.includes('/feedback/{token}'),
    );
    expect(feedbackRoutes.map((a) => a.reason.slice(0, a.reason.indexOf(' ', 5))).sort()).toEqual([
      'GET /feedback/{token}',
      'POST /feedback/{token}',
    ]);
    for (const ack of feedbackRoutes)
      expect(ack.reason).toMatch(/HMAC-signed token.*R-SEC-3.*one answer per order/);
  });

  it('puts no route under /api/rush-orders without the JWT authorizer', () => {
    const rushAcks = acknowledgmentsIn(desk.app).filter(
      (a) => a.id === 'AwsSolutions-APIG4' && a.reason.includes('/api/rush-orders'),
    );
    expect(rushAcks).toEqual([]);
  });

  it('acknowledges the state machine roles and the execution reader with their reasons', () => {
    const acks = acknowledgmentsIn(desk.app);
    for (const machine of desk.stateless.workflows) {
      const onRole = acks.filter((a) => a.path.startsWith(`${machine.node.path}/Role`));
      expect(
        onRole.map((a) => a.id),
        machine.node.id,
      ).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    }
    const reader = acks.filter(
      (a) => a.path.includes('/get-order-workflow/') && a.id.includes(':execution:'),
    );
    expect(reader).toHaveLength(desk.stateless.workflows.length);
  });

  it('never acknowledges a finding for a whole stack', () => {
    const stackPaths = new Set(stacks.map((s) => s.node.path));
    const stackWide = acknowledgmentsIn(desk.app).filter((a) => stackPaths.has(a.path) || a.path === '');
    expect(stackWide).toEqual([]);
  });

  it('leaves no CDK error or warning annotation on either stack', () => {
    for (const stack of stacks) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
    }
  });
});

/** Section 6 of bench/results.md: state transitions and cost of each approval-workflow path. */
import { TARGETS } from './targets.ts';
import { type PathResult, PRICE_PER_1000_TRANSITIONS } from './workflows.ts';

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
/** Cost of 1,000 orders taking the path: transitions per order × $0.025 per 1,000 transitions × 1,000. */
const per1000 = (transitions: number) => `$${(transitions * PRICE_PER_1000_TRANSITIONS).toFixed(3)}`;

export function renderWorkflows(paths: PathResult[], pass: boolean): string[] {
  const tier1 = paths.find((p) => p.key === 'tier1');
  const setups = [...new Map(paths.map((p) => [p.setup, p])).values()];
  const failures = paths.filter((p) => p.taskFailures > 0);
  const errors = paths.filter((p) => p.error);
  const ok = paths.filter((p) => !p.error);
  const min = Math.min(...ok.map((p) => p.total));
  const max = Math.max(...ok.map((p) => p.total));
  const by = (key: string) => ok.find((p) => p.key === key)?.approvalTransitions;
  const diff = (a: string, b: string) => {
    const [x, y] = [by(a), by(b)];
    return x !== undefined && y !== undefined ? x - y : undefined;
  };
  const perTier = diff('tier2', 'tier1');
  const perDeadline = diff('escalated', 'tier1');
  const slaCounts = [...new Set(ok.map((p) => p.slaTransitions))];
  return [
    '## 6. Approval workflow: state transitions and cost per path',
    '',
    'Each path ran on the real local system (the local workflow runner executing `statemachines/*.asl.json` ' +
      'with the real task handlers), driven as people drive it: a public order, then approvers deciding in the ' +
      'staff console (`POST /api/orders/{id}/decision`, same rules as the emailed link). Once both executions ' +
      'of the order had ended, its history (`GET /api/orders/{id}/workflow`) was counted with ' +
      '`countStateTransitions`: each `…StateEntered` event is one state transition, what Step Functions ' +
      `Standard bills at $${PRICE_PER_1000_TRANSITIONS} per 1,000. Time compressed with ` +
      '`WORKING_CALENDAR` round the clock and `timeScale`: ' +
      setups
        .map(
          (s) =>
            `"${s.setup}": approval deadline ${s.deadlineSeconds.toFixed(1)} s per step, SLA (2 working days) ` +
            `${s.slaSeconds.toFixed(0)} s`,
        )
        .join('; ') +
      '. The paths of one setup ran side by side on one fresh system.',
    '',
    row([
      'path',
      'order ends',
      'approval machine',
      'SLA machine',
      'total',
      'cost per 1,000 orders',
      'task failures',
      's',
    ]),
    row(['---', '---', '--:', '--:', '--:', '--:', '--:', '--:']),
    ...paths.map((p) =>
      p.error
        ? row([
            p.label,
            `failed: ${p.error.replaceAll('|', '\\|')}`,
            '',
            '',
            '',
            '',
            '',
            p.seconds.toFixed(1),
          ])
        : row([
            p.label,
            `${p.orderStatus}${p.slaBreached ? ', SLA breached' : ''}`,
            p.approvalTransitions,
            p.slaTransitions,
            `**${p.total}**`,
            per1000(p.total),
            p.taskFailures,
            p.seconds.toFixed(1),
          ]),
    ),
    '',
    ...(tier1 && !tier1.error
      ? [
          `Tier-1 path: **${tier1.approvalTransitions}** transitions in the approval machine (target ≤ ` +
            `${TARGETS.tier1Transitions}): ${verdict(pass)}. States entered: ${tier1.approvalStates.join(' → ')}.`,
          '',
        ]
      : [`Tier-1 path: ${verdict(false)} (${tier1?.error ?? 'not run'}).`, '']),
    `- Per path, ${ok.length ? `${min}–${max}` : '?'} transitions per order in all, i.e. ` +
      `${ok.length ? `${per1000(min)}–${per1000(max)}` : '?'} per 1,000 orders.` +
      (perTier !== undefined ? ` Each further approval tier adds ${perTier} (tier 2 − tier 1)` : '') +
      (perDeadline !== undefined
        ? `; a passed deadline whose escalation is then approved adds ${perDeadline} (escalated − tier 1)`
        : '') +
      '.',
    `- The SLA machine costs ${slaCounts.join(' or ')} transitions per order (WaitForSla, CheckSla), breached or ` +
      'not: its Wait always runs to the deadline, then CheckSla flags the order or, if it was decided in time, ' +
      'does nothing. Stopping it when the approval ends (StopExecution) would save the CheckSla transition ' +
      'of every order decided in time: 1 per order.',
    '- Retries: Step Functions bills every retry attempt as a transition; `countStateTransitions` counts states ' +
      'entered only. "task failures" counts failed task attempts in both histories — ' +
      (failures.length
        ? `${failures.map((p) => `${p.key} ${p.taskFailures}`).join(', ')}: add them to the figures above for the bill.`
        : 'none in this run, so the figures above are the bill.'),
    `- Price as given ($${PRICE_PER_1000_TRANSITIONS} per 1,000 transitions, no free tier deducted); AWS China ` +
      'regions bill in CNY at their own rates. Not included: Lambda invocations of the tasks, and the DynamoDB, ' +
      'SES and SNS costs of the steps (section 5 has the order-item writes).',
    ...(errors.length
      ? ['', `Paths that failed to run: ${errors.map((p) => `${p.key} (${p.error})`).join('; ')}.`]
      : []),
    '',
  ];
}

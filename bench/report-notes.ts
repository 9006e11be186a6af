/** Explanations under the load tables of bench/results.md, derived from the run's own figures. */
import type { BackgroundThroughput, IntakeRun } from './load.ts';
import type { Results } from './report.ts';
import { TARGETS } from './targets.ts';

const f0 = (n: number) => n.toFixed(0);

const stderrOf = (lines: string[]) =>
  lines.length ? `\n\nLast stderr lines of the system:\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`` : '';

export function backlog(run: IntakeRun): string {
  if (!run.background) {
    return (
      `Background held back, ${run.load.label}: ${run.load.acceptedInclWarmup} orders accepted in the phase ` +
      `(warm-up included), ${run.pendingAtEnd} waiting for \`order-received\` at the end — by design: a system ` +
      'started with the background on delivers them (section 3 measures how fast).' +
      stderrOf(run.stderr)
    );
  }
  const finished = Math.max(0, run.load.acceptedInclWarmup - run.pendingAtEnd);
  const after =
    run.graceS === 0
      ? ''
      : run.pendingAfterGrace === 0
        ? ` All finished within ${run.graceS} s after the load.`
        : ` ${run.pendingAfterGrace} still unfinished ${run.graceS} s after the load.`;
  const behind =
    finished < run.load.acceptedInclWarmup / 10
      ? ' It shares the one event loop with intake, dynalite, the emulators and the local workflow runner, ' +
        'so it falls behind while the loop is busy. (On AWS the stream invokes its own Lambda.)'
      : '';
  return (
    `Background consumer backlog, ${run.load.label}: ${run.load.acceptedInclWarmup} orders accepted in the phase ` +
    `(warm-up included), ${run.pendingAtEnd} not yet handed to \`order-received\` when the load stopped ` +
    `(${finished} handled meanwhile).${after}${behind}` +
    stderrOf(run.stderr)
  );
}

/** Why latency follows CPU per request in a closed loop, and what the background costs it. */
export function closedLoop(r: Results): string {
  const a = r.intake.load;
  const b = r.intakeAlone.load;
  const base = r.baselines;
  const slowBaseline = base.filter((x) => x.p99 >= TARGETS.intakeP99Ms);
  return (
    'In a closed loop every connection waits for its answer, so mean latency ≈ connections ÷ req/s ' +
    `((b): ${b.connections} ÷ ${f0(b.reqPerSec)} = ${f0((b.connections / b.reqPerSec) * 1000)} ms; p50 ` +
    `${b.p50} ms), and with the event loop saturated req/s ≈ 1000 ÷ server CPU ms per request. Intake alone ` +
    `(b) costs ${b.serverCpuMsPerRequest.toFixed(1)} ms CPU per order against the baseline's ` +
    `${base.map((x) => x.serverCpuMsPerRequest.toFixed(1)).join(' / ')} ms: the second round trip (BatchGetItem ` +
    'for prices and the customer) through the SDK and dynalite, the API Gateway event and middy, pricing, ' +
    'the request hash and the tracking-token HMAC. ' +
    ((a.deliveredInRun ?? 0) < a.requests / 100
      ? `With the background on (a) it is ${a.serverCpuMsPerRequest.toFixed(1)} ms per answered order, ` +
        `${(a.serverCpuMsPerRequest - b.serverCpuMsPerRequest).toFixed(1)} ms more, although the poller handed ` +
        `(almost) no order to \`order-received\` during the run (${a.deliveredInRun ?? 0} counted, ± the requests in ` +
        'flight at either end): the saturated loop starves it — every await of its handler queues behind 32 ' +
        "connections' worth of intake — yet what it does get to do (its queries of the pending index, the handler " +
        'calls and workflow steps it has started) still costs CPU. The rest of the difference between the rows is ' +
        'the machine drifting between runs (see load avg, CPU pressure and the two baselines).'
      : `With the background on (a) it is ${a.serverCpuMsPerRequest.toFixed(1)} ms per answered order: the same ` +
        `process also handed ${a.deliveredInRun} orders to \`order-received\` during the run.`) +
    (slowBaseline.length
      ? ` The baseline's own p99 (${slowBaseline.map((x) => `${x.p99} ms`).join(', ')}) is over ` +
        `${TARGETS.intakeP99Ms} ms in this run as well: on this shared machine the tail is mostly CPU contention.`
      : '')
  );
}

/** Intake vs background CPU at a steady 100/s: (a) minus (b) is the background's share. */
export function cpuSplit(r: Results): string {
  const a = r.steady.load;
  const b = r.steadyAlone.load;
  const coreA = (a.serverCpuMsPerRequest * a.requests) / a.durationS / 10;
  const coreB = (b.serverCpuMsPerRequest * b.requests) / b.durationS / 10;
  const delivered = a.deliveredInRun ?? 0;
  const backgroundMs = Math.max(
    0,
    a.serverCpuMsPerRequest * a.requests - b.serverCpuMsPerRequest * b.requests,
  );
  return (
    `At a steady ${TARGETS.fixedRate}/s the system process used ${f0(coreA)}% of one core with the background ` +
    `on (a, event loop busy ${f0(a.serverEventLoopBusy * 100)}%) and ${f0(coreB)}% with it held back (b, ` +
    `event loop busy ${f0(b.serverEventLoopBusy * 100)}%; ${b.serverCpuMsPerRequest.toFixed(1)} ms CPU per ` +
    `order). The difference, ${f0(coreA - coreB)}% of a core, is the background work of the same process — ` +
    'the stream poller, `order-received` (two StartExecution calls, confirmation email and SMS, the ' +
    "pending-mark removal), the workflow runner running each order's first steps, and dynalite and the " +
    `emulators answering them. In (a) it handed ${delivered} of ${a.requests} orders to \`order-received\` during ` +
    `the run (${f0(delivered / a.durationS)}/s against ${TARGETS.fixedRate}/s arriving` +
    (delivered > 0 ? `, ≈ ${f0(backgroundMs / delivered)} ms CPU per order handled` : '') +
    '), and it shares the event loop with intake: that sharing is what stretches the intake tail in (a).' +
    (a.serverEventLoopBusy > 0.9
      ? ` With the loop ${f0(a.serverEventLoopBusy * 100)}% busy, (a) has no headroom at 100/s: its p99 ` +
        `(${a.p99} ms here) then depends on how much CPU the machine's other tenants leave it (CPU pressure ` +
        `${a.cpuPressure === undefined ? 'n/a' : `${f0(a.cpuPressure * 100)}%`}), while (b), at ` +
        `${f0(b.serverEventLoopBusy * 100)}% busy, absorbs it.`
      : '') +
    ' ' +
    'On AWS the stream consumer and the workflow steps run in their own Lambdas and Step Functions.'
  );
}

export function backgroundSection(bg: BackgroundThroughput): string[] {
  return [
    '## 3. Background consumer throughput (local process)',
    '',
    `${bg.orders} orders (the load mix) were placed on a system with the background held back ` +
      `(${bg.placeSeconds.toFixed(1)} s), which was then stopped; a system with the background on started on the ` +
      'same data and was timed from the moment `startSystem` resolved until no order waited for ' +
      '`order-received` any more (the pending mark is cleared last, after both executions are started and the ' +
      'confirmation is sent).',
    '',
    '| orders | time to the last order handled | orders/s | until the runner was idle too | CPU ms per order | event loop busy | confirmations in the outbox | load avg |',
    '| --: | --: | --: | --: | --: | --: | --: | --: |',
    `| ${bg.orders} | ${(bg.confirmedMs / 1000).toFixed(1)} s${bg.timedOut ? ' (gave up)' : ''} | ` +
      `**${bg.ordersPerSecond.toFixed(1)}** | ${(bg.idleMs / 1000).toFixed(1)} s | ${f0(bg.cpuMsPerOrder)} | ` +
      `${f0(bg.eventLoopBusy * 100)}% | ${bg.confirmationsInOutbox} | ${bg.loadAvgAtStart.toFixed(1)} |`,
    '',
    '"until the runner was idle too": also every approval execution parked in its RequestApproval wait (Review, ' +
      'PrepareStep and RequestApproval done, approvers emailed). "confirmations in the outbox": emails and SMS ' +
      '(customers with both get two). CPU is the whole system process (dynalite, emulators and runner included) ' +
      `per order; more than one core's worth is possible (dynalite's storage threads). At ` +
      `${bg.ordersPerSecond.toFixed(0)} orders/s the local background consumer cannot keep up with 100 orders/s ` +
      'arriving in the same process; on AWS each stream batch runs in its own Lambda and scales with the shards.' +
      stderrOf(bg.stderr),
    '',
  ];
}

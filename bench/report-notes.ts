/** Explanations under the load tables of bench/results.md, derived from the run's own figures. */
import type { IntakeRun } from './load.ts';
import type { Results } from './report.ts';
import { TARGETS } from './targets.ts';

const f0 = (n: number) => n.toFixed(0);

export function backlog(run: IntakeRun): string {
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
    `Stream consumer backlog, ${run.load.label}: ${run.load.acceptedInclWarmup} orders accepted in the phase ` +
    `(warm-up included), ${run.pendingAtEnd} not yet finished by the background poller when the load stopped ` +
    `(${finished} finished meanwhile).${after}${behind}` +
    (run.stderr.length
      ? `\n\nLast stderr lines of the system:\n\n\`\`\`\n${run.stderr.join('\n')}\n\`\`\``
      : '')
  );
}

/** Why latency follows CPU per request in a closed loop. */
export function closedLoop(r: Results): string {
  const i = r.intake.load;
  const b = r.baselines;
  const slowBaseline = b.filter((x) => x.p99 >= TARGETS.intakeP99Ms);
  return (
    `In a closed loop every connection waits for its answer, so mean latency ≈ connections ÷ req/s ` +
    `(intake: ${i.connections} ÷ ${f0(i.reqPerSec)} = ${f0((i.connections / i.reqPerSec) * 1000)} ms; p50 ` +
    `${i.p50} ms), and with the event loop saturated req/s ≈ 1000 ÷ server CPU ms per request. The intake ` +
    `costs ${i.serverCpuMsPerRequest.toFixed(1)} ms CPU per order against the baseline's ` +
    `${b.map((x) => x.serverCpuMsPerRequest.toFixed(1)).join(' / ')} ms: the second round trip (BatchGetItem ` +
    'for prices and the customer) through the SDK and dynalite, the API Gateway event and middy, pricing, ' +
    'the request hash and the tracking-token HMAC.' +
    (slowBaseline.length
      ? ` The baseline's own p99 (${slowBaseline.map((x) => `${x.p99} ms`).join(', ')}) is over ` +
        `${TARGETS.intakeP99Ms} ms in this run as well: on this shared machine the tail is mostly CPU contention.`
      : '')
  );
}

/**
 * Intake vs background CPU at a steady 100/s. Section 1's closed loop starves the stream consumer,
 * so its CPU per request is (almost) intake alone; the rest at 100/s is the background work.
 */
export function cpuSplit(r: Results): string {
  const closed = r.intake.load;
  if ((closed.deliveredInRun ?? 0) > closed.requests / 10) return '';
  const steady = r.steady.load;
  const totalMs = steady.serverCpuMsPerRequest * steady.requests;
  const backgroundMs = Math.max(0, totalMs - closed.serverCpuMsPerRequest * steady.requests);
  const delivered = steady.deliveredInRun ?? 0;
  const seconds = steady.durationS;
  return (
    `At a steady ${TARGETS.fixedRate}/s the system process used ${f0(totalMs / seconds / 10)}% of one core ` +
    `(event loop busy ${f0(steady.serverEventLoopBusy * 100)}%). Intake alone costs about ` +
    `${closed.serverCpuMsPerRequest.toFixed(1)} ms CPU per order (section 1, where the stream consumer ` +
    `finished almost nothing), i.e. ${f0(closed.serverCpuMsPerRequest * 10)}% of a core at this rate; the rest, ` +
    `${f0(backgroundMs / seconds / 10)}%, is the background work of the same process — the stream consumer ` +
    '(confirmations and whatever else it starts), the local workflow runner, dynalite and the emulators ' +
    `answering it. It finished ${delivered} of ${steady.requests} orders during the run ` +
    `(${f0(delivered / seconds)}/s against ${TARGETS.fixedRate}/s arriving` +
    (delivered > 0 ? `, ≈ ${f0(backgroundMs / delivered)} ms CPU per order finished` : '') +
    '), and shares the event loop with intake: that sharing is what stretches the intake tail. On AWS the ' +
    'stream consumer and the workflows run elsewhere.'
  );
}

/** Section 5 of bench/results.md: DynamoDB write units on the AWS table. */
import { FUNCTIONS } from '#functions/manifest.ts';
import { ALL_INDEXES, AWS_INDEXES, type IndexDefinition } from '#shared/entities/table.ts';
import type { IndexWrite } from './item-size.ts';
import { TARGETS } from './targets.ts';
import type { CallCount, WriteUnitResults } from './write-units.ts';

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const listCalls = (calls: CallCount[]) =>
  calls.map((c) => `${c.action} ×${c.count}${c.note ? ` (${c.note})` : ''}`).join(', ');
const indexList = (writes: IndexWrite[]) =>
  writes.length ? writes.map((w) => `${w.index} ${w.kind} ${w.bytes} B → ${w.wcu}`).join(', ') : '—';

const projection = (i: IndexDefinition) =>
  i.projection.type === 'INCLUDE'
    ? `INCLUDE ${i.projection.attributes.map((a) => `\`${a}\``).join(', ')}`
    : i.projection.type;

/** The functions a table stream triggers: they do the work after the request. */
const streamConsumers = FUNCTIONS.filter((f) => f.triggers.some((t) => t.kind === 'table-stream'))
  .map((f) => `\`${f.name}\``)
  .join(', ');

export function renderWriteUnits(results: WriteUnitResults, pass: boolean): string[] {
  const { orders, lifecycle } = results;
  const normal = orders[0]!;
  const localOnly = ALL_INDEXES.filter((i) => i.localOnly);
  const lifeTotal = lifecycle.writes.reduce((n, w) => n + w.total, 0);
  const statusWrites = lifecycle.writes.filter((w) => w.statusChange && w.action !== 'PutItem');
  const failed = lifecycle.writes.filter((w) => w.failed);
  return [
    '## 5. DynamoDB write units (the AWS table)',
    '',
    'Counted by the AWS rules for the table CDK deploys: the base table plus only `AWS_INDEXES`, each with its ' +
      `real projection — ${AWS_INDEXES.map((i) => `\`${i.name}\` (${projection(i)}; an entry is the table keys, ` + 'the index keys and those attributes)').join('; ')}. ` +
      `${localOnly.map((i) => `\`${i.name}\``).join(', ')} ${localOnly.length === 1 ? 'is' : 'are'} local-only ` +
      '(the stand-in for DynamoDB Streams, not created on AWS): its writes are shown in their own column and cost ' +
      '**nothing on AWS**. 1 WCU per KB or part for a standard write; an update is billed on the larger of the ' +
      'item before and after it; an index write is sized by the index entry.',
    '',
    `Round trips of one intake request, observed at a recording proxy: ${listCalls(normal.intakeCalls)}. The ` +
      'BatchGetItem for prices is a read (RCU) and not counted.',
    '',
    row([
      'order',
      'tier',
      'item bytes (AWS rules)',
      'dynalite table CU',
      'table WCU',
      'AWS index writes (entry bytes → WCU)',
      'total WU on AWS',
      `≤ ${TARGETS.writeUnitsPerOrder}`,
      'local-only index writes (not on AWS)',
    ]),
    row(['---', '---', '--:', '--:', '--:', '---', '--:', '---', '---']),
    ...orders.map((o) =>
      row([
        o.label,
        o.tier,
        o.itemBytes,
        o.dynaliteTableUnits ?? 'n/a',
        o.baseWcu,
        indexList(o.gsiWrites),
        `**${o.total}**`,
        verdict(o.total <= TARGETS.writeUnitsPerOrder),
        indexList(o.localOnlyWrites),
      ]),
    ),
    '',
    'dynalite reports only the table part and sizes strings by UTF-16 length instead of UTF-8 bytes, so it ' +
      'undercounts Chinese text; the AWS-rules figure is the one that bills.',
    '',
    `Largest attributes of the normal order's item (name + value bytes): ${normal.largestAttributes
      .map((a) => `\`${a.name}\` ${a.bytes}`)
      .join(', ')}.`,
    '',
    pass
      ? `Normal order: **${normal.total} write units** at intake: ${verdict(true)} (target ≤ ${TARGETS.writeUnitsPerOrder}).`
      : `Normal order: **${normal.total} write units** > ${TARGETS.writeUnitsPerOrder}: ${verdict(false)}.`,
    '',
    `### Later writes of the order: the ${lifecycle.label} from intake to ${lifecycle.finalStatus}`,
    '',
    `After intake the stream consumer (${streamConsumers}) and the approval workflow's steps write the same item; ` +
      'here ops approves it in the staff console. Each write is costed from the item as the recording proxy read ' +
      'it just before and just after the write, with the projections as they are:',
    '',
    row([
      '#',
      'write (history entry added, or expression)',
      'status',
      'item bytes before → after',
      'table WCU',
      'AWS index writes (entry bytes → WCU)',
      'total WU on AWS',
      'local-only (not on AWS)',
    ]),
    row(['--:', '---', '---', '---', '--:', '---', '--:', '---']),
    ...lifecycle.writes.map((w, i) =>
      row([
        i + 1,
        `${w.action}: ${w.step}${w.failed ? ' (refused, still billed)' : ''}`,
        w.statusChange ? `${w.statusChange.from} → ${w.statusChange.to}` : '',
        `${w.bytesBefore} → ${w.bytesAfter}`,
        w.tableWcu,
        indexList(w.gsiWrites),
        `**${w.total}**`,
        indexList(w.localOnlyWrites),
      ]),
    ),
    '',
    `A status change costs ${statusWrites.map((w) => `**${w.total}** (${w.statusChange!.from} → ${w.statusChange!.to})`).join(', ')} ` +
      'write units; the whole life of this order on the order item, intake included, ' +
      `**${lifeTotal}**.${failed.length ? ` ${failed.length} conditional write(s) were refused (billed anyway).` : ''} ` +
      'Every update appends to `history` and bumps `version`/`updatedAt` (not projected); it writes the ' +
      'work-queue entry too whenever it changes a projected attribute (`status`, `pendingApproval`, …) and ' +
      'deletes it when the order leaves the open statuses. The item grows with its history, so its table ' +
      'writes cross 1 KB → 2 WCU after the first steps.',
    '',
    `Other writes after intake, outside the order item (each at least 1 WCU on AWS): ${listCalls(lifecycle.otherWrites) || 'none'}. ` +
      "The local workflow runner's own items (executions, history events, task tokens) are not counted: on AWS " +
      'Step Functions keeps them, billed per state transition (section 6).',
    '',
  ];
}

/** Section 4 of bench/results.md: DynamoDB write units per order. */
import { FUNCTIONS } from '#functions/manifest.ts';
import { TARGETS } from './targets.ts';
import type { CallCount, OrderWriteUnits } from './write-units.ts';

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const listCalls = (calls: CallCount[]) =>
  calls.map((c) => `${c.action} ×${c.count}${c.note ? ` (${c.note})` : ''}`).join(', ');

/** The functions a table stream triggers: they do the work after the request. */
const streamConsumers = FUNCTIONS.filter((f) => f.triggers.some((t) => t.kind === 'table-stream'))
  .map((f) => `\`${f.name}\``)
  .join(', ');

export function renderWriteUnits(orders: OrderWriteUnits[], pass: boolean): string[] {
  const normal = orders[0]!;
  return [
    '## 4. DynamoDB write units per order at intake',
    '',
    `Round trips of one intake request, observed at a recording proxy: ${listCalls(normal.intakeCalls)}. ` +
      'The one write is the conditional PutItem; DynamoDB then writes the item into every GSI whose keys it ' +
      'carries, each billed like a write (projection ALL, the CDK default, so each index entry is the whole item).',
    '',
    row([
      'order',
      'item bytes (AWS rules)',
      'dynalite table CU',
      'table WCU',
      'GSI writes (WCU)',
      'total WCU',
      `≤ ${TARGETS.writeUnitsPerOrder}`,
    ]),
    row(['---', '--:', '--:', '--:', '---', '--:', '---']),
    ...orders.map((o) =>
      row([
        o.label,
        o.itemBytes,
        o.dynaliteTableUnits ?? 'n/a',
        o.baseWcu,
        o.gsiWrites.map((w) => `${w.index} ${w.wcu}`).join(', '),
        `**${o.total}**`,
        verdict(o.total <= TARGETS.writeUnitsPerOrder),
      ]),
    ),
    '',
    'What counts: the intake PutItem on the base table (1 WCU per KB or part, standard write) plus one index write ' +
      'per GSI the new item enters, each sized by its index entry. The BatchGetItem for prices is a read (RCU) ' +
      'and not counted. dynalite reports only the table part, and sizes strings by UTF-16 length instead of ' +
      'UTF-8 bytes, so it undercounts Chinese text; the AWS-rules figure is the one that bills.',
    '',
    `Largest attributes of the normal order's item (name + value bytes): ${normal.largestAttributes
      .map((a) => `\`${a.name}\` ${a.bytes}`)
      .join(', ')}.`,
    '',
    `After the request, outside it, the stream consumer (${streamConsumers}) and the workflow steps it starts ` +
      'made for the normal order: ' +
      `${listCalls(normal.afterCalls)}. ${normal.orderItemUpdates} of them update the order item; with ALL ` +
      `projections each such update that changes no index key costs about ${normal.perOrderUpdate.all} WCU ` +
      '(the table plus a rewrite of every index holding the item), ' +
      `${normal.perOrderUpdate.keysOnly} with KEYS_ONLY on every index but the work queue (not part of the target).`,
    '',
    pass ? `Normal order: ${normal.total} write units: ${verdict(true)}.` : failure(orders),
    '',
  ];
}

function failure(orders: OrderWriteUnits[]): string {
  const normal = orders[0]!;
  const indexes = normal.gsiWrites.length;
  const lines = [
    `Normal order: **${normal.total} write units** > ${TARGETS.writeUnitsPerOrder}: ${verdict(false)}. ` +
      `It is 1 PutItem, but DynamoDB also writes the item into ${indexes} GSIs, and every index write costs at ` +
      'least 1 WCU whatever the projection' +
      (normal.baseWcu > 1
        ? `; on top of that the item is ${normal.itemBytes} bytes, just over 1 KB, so the table write and each ` +
          'ALL-projected index entry cost 2.'
        : '.'),
    '',
    'Ways to get there (data-model decisions for the lead):',
    '',
    normal.itemBytes > 1024
      ? `- Keep a normal order under 1 KB: this one is ${normal.itemBytes - 1024} bytes over. Candidates: ` +
        '`customerKey` repeats what `customerPk` holds, `updatedAt` equals `createdAt` at intake, `queueSk` ' +
        'repeats `createdAt` and the id, `requestHash` could be a shorter digest, shorter attribute names. ' +
        `That alone gives 1 + ${indexes} = ${1 + indexes} for a normal order.`
      : `- The item is under 1 KB already: 1 + ${indexes} = ${1 + indexes}.`,
    '- Project KEYS_ONLY (or INCLUDE a few fields) on the indexes that are only walked to find ids: each entry ' +
      'then costs 1 WCU at any order size, and later updates of the order no longer rewrite those indexes. ' +
      'With KEYS_ONLY on all but the work queue, intake would be ' +
      orders.map((o) => `${o.keysOnlyIntake} (${o.label})`).join(' / ') +
      '; it cannot go below 1 + the number of indexes the item enters.',
    `- ≤ ${TARGETS.writeUnitsPerOrder} needs the new item to enter at most ${TARGETS.writeUnitsPerOrder - 1} ` +
      'indexes: e.g. no `notifyPk` on AWS (DynamoDB Streams deliver the INSERT; the sparse index is the local ' +
      'stand-in and a recovery aid) and one of orders-by-customer / orders-by-day set later or served otherwise.',
  ];
  return lines.join('\n');
}

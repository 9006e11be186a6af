/** One section of bench/results.md and its row in the summary table, as a `--only` run merges them. */
export interface ResultsSection {
  /** The `## …` line the section starts with (the first line of `lines`). */
  heading: string;
  /** The whole section, heading first. */
  lines: string[];
  /** How the section's summary row starts (`| email intake`). */
  summaryPrefix: string;
  summaryRow: string;
  /** How the summary row starts that a new row goes in front of, when it is there; else it goes last. */
  before?: string;
}

/**
 * Replaces (or appends) a section and its summary row in an existing results.md, leaving the rest
 * as it was: the old section is cut out and the new one put at the end; the summary row replaces the
 * old one above the section, or is added to the summary table.
 */
export function mergeSection(existing: string, s: ResultsSection): string {
  const lines = existing.replace(/\n+$/, '').split('\n');
  const start = lines.indexOf(s.heading);
  if (start >= 0) {
    const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    lines.splice(start, (next < 0 ? lines.length : next) - start);
  }
  while (lines.at(-1) === '') lines.pop();
  lines.push('', ...s.lines);
  const old = lines.findIndex((l) => l.startsWith(s.summaryPrefix));
  if (old >= 0 && old < lines.indexOf(s.heading)) lines[old] = s.summaryRow;
  else {
    const summary = lines.indexOf('## Summary');
    if (summary >= 0) {
      let end = summary;
      while (lines[end + 1] !== undefined && (lines[end + 1] === '' || lines[end + 1]?.startsWith('|')))
        end++;
      while (lines[end] === '') end--;
      const mark = s.before;
      const before = mark === undefined ? -1 : lines.findIndex((l, i) => i > summary && l.startsWith(mark));
      lines.splice(before >= 0 ? before : end + 1, 0, s.summaryRow);
    }
  }
  return `${lines.join('\n')}\n`;
}

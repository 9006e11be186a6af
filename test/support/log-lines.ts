/**
 * Captures what the process writes to stdout and stderr (where the structured logs and metrics
 * go) while still writing it, for tests that check log lines.
 */
import { vi } from 'vitest';

export interface CapturedOutput {
  /** Everything written so far, both streams in order. */
  text(): string;
  /** The lines that are JSON objects, parsed. */
  jsonLines(): Record<string, unknown>[];
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    return vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  });
  return {
    text: () => written.join(''),
    jsonLines: () =>
      written
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

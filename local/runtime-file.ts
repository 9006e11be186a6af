/**
 * `<dataDir>/runtime.json`: where a running `npm start` can be reached. dynalite keeps its data
 * in LevelDB, which one process at a time may open, so a second command on the same data (such
 * as `npm run report`) uses the running system's endpoints instead of opening the files. The
 * system writes the file once it is up and removes it when it stops; a file left by a crash
 * names a dead process and is ignored.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RuntimeInfo {
  pid: number;
  baseUrl: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  snsEndpoint: string;
  tableName: string;
  mailFrom: string;
  startedAt: string;
}

export const runtimeFile = (dataDir: string): string => join(dataDir, 'runtime.json');

export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFile(runtimeFile(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the file if it is still this process's (a newer system may have replaced it). */
export async function removeRuntimeFile(dataDir: string, pid = process.pid): Promise<void> {
  const info = await readRuntimeFile(dataDir);
  if (info && info.pid !== pid) return;
  await rm(runtimeFile(dataDir), { force: true });
}

export async function readRuntimeFile(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    return JSON.parse(await readFile(runtimeFile(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The running system on this data directory, if there is one: its process is alive and its
 * database answers (a pid reused by another program after a crash does not count).
 */
export async function runningSystem(dataDir: string): Promise<RuntimeInfo | undefined> {
  const info = await readRuntimeFile(dataDir);
  if (!info || !isAlive(info.pid)) return undefined;
  try {
    await fetch(info.dynamoEndpoint, { signal: AbortSignal.timeout(3000) });
    return info;
  } catch {
    return undefined;
  }
}

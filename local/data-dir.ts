/**
 * The data directory holds customer data (orders, emails, SMS), staff password hashes and the
 * signing keys: only its owner may read it. The local runtime creates files with umask 077 and
 * tightens what is already there (a directory made by hand, files of an older version, and the
 * database files dynalite's LevelDB opens): directories 0700, files 0600.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Files and directories created by this process from now on are the owner's alone. */
export function ownerOnlyFiles(): void {
  process.umask(0o077);
}

export async function makeDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tightenModes(dataDir);
}

/** A file the database removed meanwhile (LevelDB compacts) needs no mode. */
const gone = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

/**
 * Directories 0700, files 0600, under and including `path`; symbolic links are left alone.
 * Safe while the database runs: a file it removes meanwhile is skipped.
 */
export async function tightenModes(path: string): Promise<void> {
  const info = await lstat(path).catch(gone);
  if (!info || info.isSymbolicLink()) return;
  const wanted = info.isDirectory() ? 0o700 : 0o600;
  if ((info.mode & 0o777) !== wanted) await chmod(path, wanted).catch(gone);
  if (!info.isDirectory()) return;
  for (const entry of (await readdir(path).catch(gone)) ?? []) await tightenModes(join(path, entry));
}

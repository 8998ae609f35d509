// Opens the database file in the data directory. A directory that cannot be created or written is one clear
// configuration error at start, instead of a failure on the first write.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BackendError } from '../../errors.js';

export const DATABASE_FILE = 'skein.db';

export function openDatabase(dataDir: string): Database.Database {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    return new Database(join(dataDir, DATABASE_FILE));
  } catch (err) {
    const reason = (err as { code?: unknown }).code ?? (err instanceof Error ? err.message : String(err));
    throw new BackendError(
      'SKEIN_ERR_CONFIG',
      `data directory ${dataDir} is not writable (${String(reason)}): pass another --data-dir or fix its permissions`,
    );
  }
}

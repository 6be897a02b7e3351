import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '@commonpurse/kernel';

/**
 * The bytes of uploaded files, in STORAGE_DIR (outside the web root, never served as they are):
 * each under a random name, written to a temporary file first and renamed into place, so a
 * half-written file is never read. Their records are in application_files.
 */
@Injectable()
export class FileStore {
  constructor(private readonly config: AppConfig) {}

  async put(bytes: Buffer): Promise<{ storedAs: string; sha256: string }> {
    const storedAs = randomUUID();
    await mkdir(this.config.storageDir, { recursive: true, mode: 0o700 });
    const temporary = join(this.config.storageDir, `.${storedAs}.partial`);
    await writeFile(temporary, bytes, { mode: 0o600, flag: 'wx' });
    await rename(temporary, join(this.config.storageDir, storedAs));
    return { storedAs, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  read(storedAs: string): Promise<Buffer> {
    if (!/^[0-9a-f-]{36}$/.test(storedAs)) throw new Error('Not a stored file name');
    return readFile(join(this.config.storageDir, storedAs));
  }

  /** For a file whose record could not be written: nothing should be left behind. */
  async discard(storedAs: string): Promise<void> {
    await rm(join(this.config.storageDir, storedAs), { force: true });
  }
}

import { Injectable } from '@nestjs/common';
import type { Principal } from '@commonpurse/kernel';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { MAX_FILE_BYTES, safeFileName, sniff } from '../../domain/file-types';
import { ApplicationRepository, type FileRow } from '../../persistence/application.repository';
import { FileStore } from '../../persistence/file-store';
import { ApplicationAccess } from '../application-access';

export const MAX_FILES = 20;
/** All of one application's files together. */
export const MAX_APPLICATION_BYTES = 50 * 1024 * 1024;

/**
 * Files applicants attach (a constitution, quotes, answers to file questions): at most 10 MB,
 * of a type told by the file's own bytes, stored outside the web root; only the application's
 * applicants and the fund's managers can download them.
 */
@Injectable()
export class AttachFileUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly store: FileStore,
  ) {}

  async attach(person: Principal, applicationId: string, upload: { name: string; bytes: Buffer } | undefined): Promise<string> {
    if (!upload || upload.bytes.length === 0) throw invalid('file', 'applications.files.missing');
    if (upload.bytes.length > MAX_FILE_BYTES) throw invalid('file', 'applications.files.tooLarge', ApplicationsErrorCode.TooLarge);
    const type = sniff(upload.bytes, upload.name);
    if (!type) throw invalid('file', 'applications.files.typeRefused');
    // The bytes go first (outside the transaction); if the record then fails they are removed again.
    const stored = await this.store.put(upload.bytes);
    try {
      return await this.access.changeAsApplicant(person, applicationId, async (found, manager) => {
        this.access.assertEditable(found);
        const files = await this.applications.files(found.application.id, manager);
        if (files.length >= MAX_FILES) throw invalid('file', 'applications.files.tooMany');
        if (files.reduce((sum, f) => sum + f.sizeBytes, 0) + upload.bytes.length > MAX_APPLICATION_BYTES) throw invalid('file', 'applications.files.quotaFull');
        return this.applications.insertFile(manager, {
          applicationId: found.application.id,
          fileName: safeFileName(upload.name, type.extension),
          mimeType: type.mime,
          sizeBytes: upload.bytes.length,
          sha256: stored.sha256,
          storedAs: stored.storedAs,
          uploadedBy: person.accountId,
        });
      });
    } catch (error) {
      await this.store.discard(stored.storedAs);
      throw error;
    }
  }

  /** Removes a file: its record in the transaction, then its bytes (what an applicant takes back is not kept). */
  async remove(person: Principal, applicationId: string, fileId: string): Promise<void> {
    const storedAs = await this.access.changeAsApplicant(person, applicationId, async (found, manager) => {
      this.access.assertEditable(found);
      const answers = await this.applications.answers(found.application.id, manager);
      if (Object.values(answers).includes(fileId)) throw invalid('file', 'applications.files.inUse');
      const stored = await this.applications.removeFile(manager, found.application.id, fileId);
      if (!stored) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.files.notFound');
      return stored;
    });
    await this.store.discard(storedAs);
  }

  /** A file's bytes for download, once the caller's right to the application is checked by its page. */
  async read(files: FileRow[], fileId: string): Promise<{ file: FileRow; bytes: Buffer }> {
    const file = files.find((f) => f.id === fileId);
    if (!file) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.files.notFound');
    return { file, bytes: await this.store.read(file.storedAs) };
  }
}

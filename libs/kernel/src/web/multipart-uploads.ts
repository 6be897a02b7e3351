import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';

declare module 'express-serve-static-core' {
  interface Request {
    /** An uploaded file (the form's `file` field), held in memory until a use case stores it. */
    upload?: { name: string; bytes: Buffer };
    /** Why the upload was refused before any handler saw it. */
    uploadProblem?: 'tooLarge' | 'unreadable';
  }
}

/**
 * Reads multipart form posts (file uploads) before the CSRF check, so their `_csrf` field is
 * checked like any form's. One file, at most `maxBytes`: a bigger one is not kept in memory but
 * reported to the handler, which can then say so on the page (forms put `_csrf` first, so it is
 * read before the file is).
 */
export function multipartUploads(maxBytes: number) {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 50, fieldSize: 100_000 } }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data')) return next();
    parse(req, res, (error?: unknown) => {
      if (error) {
        req.uploadProblem = (error as { code?: string }).code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'unreadable';
        req.body ??= {};
      } else if (req.file) {
        req.upload = { name: Buffer.from(req.file.originalname, 'latin1').toString('utf8'), bytes: req.file.buffer };
      }
      next();
    });
  };
}

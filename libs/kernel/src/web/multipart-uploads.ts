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

export interface UploadOptions {
  /** The addresses that take uploads; a multipart post anywhere else is not read at all. */
  paths: RegExp;
  maxBytes: number;
  /** Uploads read at once in this process; more wait their turn elsewhere (429), not in memory. */
  concurrent: number;
}

/**
 * Reads multipart form posts (file uploads) before the CSRF check, so their `_csrf` field is
 * checked like any form's, but only at the upload addresses and only from someone signed in (a
 * session) or presenting a token: nobody else gets a file held in memory. One file, at most
 * `maxBytes`: a bigger one is not kept but reported to the handler, which says so on the page.
 */
export function multipartUploads(options: UploadOptions) {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: options.maxBytes, files: 1, fields: 10, fieldSize: 10_000 } }).single('file');
  let reading = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data') || !options.paths.test(req.path)) return next();
    if (!req.principal && !req.get('authorization')) return next();
    if (reading >= options.concurrent) {
      res.setHeader('Retry-After', '5');
      res.status(429).type('text').send('Too many uploads at once: try again in a few seconds.');
      return;
    }
    reading += 1;
    const done = () => {
      reading -= 1;
    };
    res.once('finish', done);
    res.once('close', () => res.writableFinished || done());
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

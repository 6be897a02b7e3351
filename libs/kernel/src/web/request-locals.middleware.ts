import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { LANGUAGES, LANGUAGE_NAMES, Translator, isLanguage, type Language } from '../i18n/translator';

export const LANGUAGE_COOKIE = 'lang';

declare module 'express-serve-static-core' {
  interface Request {
    language?: Language;
  }
}

/** The language of this request: `?lang=` (remembered in a cookie), the cookie, the account's choice, or English. */
export function chooseLanguage(req: Request, res: Response): Language {
  const asked = req.query.lang;
  if (isLanguage(asked)) {
    res.cookie(LANGUAGE_COOKIE, asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000, path: '/' });
    return asked;
  }
  const cookie = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(cookie)) return cookie;
  return req.principal?.language ?? 'en';
}

/** The same page in another language, for the language switch. */
function withLanguage(req: Request, language: Language): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

/** Values every page needs: the language and its translate function, the CSP nonce, who is signed in. */
export function requestLocals(translator: Translator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const language = chooseLanguage(req, res);
    req.language = language;
    res.locals.lang = language;
    res.locals.t = translator.forLanguage(language);
    res.locals.cspNonce ??= randomBytes(16).toString('base64');
    res.locals.principal = req.principal;
    res.locals.currentPath = req.path;
    // For "saved" banners after a redirect (post, redirect, get): templates read it, escaped as everything is.
    res.locals.query = req.query;
    res.locals.languageItems = LANGUAGES.map((code) => ({
      text: LANGUAGE_NAMES[code],
      href: withLanguage(req, code),
      lang: code,
      current: code === language,
    }));
    next();
  };
}

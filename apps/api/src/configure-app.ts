import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import {
  AllExceptionsFilter,
  AppConfig,
  Translator,
  ViewRenderer,
  WebResponseInterceptor,
  createValidationPipe,
  isApiRequest,
  csrfProtection,
  multipartUploads,
  projectRoot,
  requestLocals,
} from '@commonpurse/kernel';
import { PrincipalService, sessionPrincipal } from '@commonpurse/identity';
import { MAX_FILE_BYTES } from '@commonpurse/applications';
import { ELIGIBILITY_LIST_MAX_BYTES } from '@commonpurse/voting';
import { SessionStore } from './session-store';

export const SESSION_COOKIE = 'commonpurse.sid';
export const BODY_LIMIT = '100kb';
const KEYING_BODY_LIMIT = '1mb';
const PAPER_BATCH_KEYING = /^\/manage\/funds\/[0-9a-f-]{36}\/rounds\/[0-9a-f-]{36}\/vote\/batches\/[0-9a-f-]{36}\/keying$/i;
const SESSION_IDLE_MS = 2 * 3600_000;

/** Web pages only: the JSON API never reads the session cookie or needs a CSRF token. */
const webOnly =
  (middleware: express.RequestHandler): express.RequestHandler =>
  (req, res, next) =>
    isApiRequest(req) || req.path.startsWith('/assets/') || req.path.toLowerCase().startsWith('/health') ? next() : middleware(req, res, next);

/**
 * Everything HTTP that is not a route: security headers, parsers, sessions, CSRF, language,
 * static assets, validation, errors and the OpenAPI document. Shared by main.ts, npm start
 * and the tests, so what is tested is what runs.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  const views = app.get(ViewRenderer);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.disable('x-powered-by');

  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          // bull-board's dashboard (admins only) sets inline styles; every other page needs none.
          styleSrc: ["'self'", (req) => ((req as Request).originalUrl?.startsWith('/admin/queues') ? "'unsafe-inline'" : "'self'")],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.isProduction ? [] : null,
        },
      },
      strictTransportSecurity: config.isProduction,
    }),
  );

  const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist/govuk');
  const assetOptions = { maxAge: config.isProduction ? '1d' : 0, index: false };
  app.use('/assets', express.static(join(govuk, 'assets'), assetOptions));
  app.use('/assets', express.static(govuk, { ...assetOptions, extensions: [] }));
  app.use('/assets', express.static(join(projectRoot(), 'libs/kernel/src/web/public'), assetOptions));
  // The compiled stylesheet (scripts/build-css.js): GOV.UK Frontend with Arial, for a service not on GOV.UK.
  app.use('/assets', express.static(join(projectRoot(), 'dist/assets'), assetOptions));

  app.use(cookieParser());
  app.use(express.json({ limit: BODY_LIMIT }));
  // A box of paper ballots keyed into one form (up to 1,000 sheets, a line each) is bigger than any other form.
  // (body-parser's own types and pino-http's request id disagree: it is an Express handler all the same.)
  const keying = express.urlencoded({ extended: false, limit: KEYING_BODY_LIMIT, parameterLimit: 10 }) as unknown as express.RequestHandler;
  const keyingOnly: express.RequestHandler = (req, res, next) => (PAPER_BATCH_KEYING.test(req.path) ? keying(req, res, next) : next());
  app.use(keyingOnly);
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 200 }));

  const pool = (app.get(DataSource).driver as unknown as { master: Pool }).master;
  app.use(
    webOnly(
      session({
        name: SESSION_COOKIE,
        secret: config.sessionSecret,
        store: new SessionStore({ pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: false }),
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: SESSION_IDLE_MS },
      }),
    ),
  );
  // Order matters: who is signed in decides the default language, and the CSRF error page needs both.
  app.use(webOnly(sessionPrincipal(app.get(PrincipalService))));
  app.use(webOnly(requestLocals(Translator.instance())));
  // File uploads (web and API), read after who is signed in is known and before the CSRF check, so their form token is checked too.
  app.use(multipartUploads({ paths: /^\/(api\/v1\/)?applications\/[0-9a-f-]{36}\/files$/i, maxBytes: MAX_FILE_BYTES, concurrent: 4 }));
  // A council's eligibility list: digests only, about 65 bytes a resident, read one at a time.
  app.use(multipartUploads({ paths: /^\/(api\/v1|manage)\/funds\/[0-9a-f-]{36}\/eligibility-list$/i, maxBytes: ELIGIBILITY_LIST_MAX_BYTES, concurrent: 1 }));
  // Unsubscribe links carry their own signature: mail clients post to them with no session (RFC 8058).
  // The queue dashboard's own JSON calls carry no form token; they are accepted only from this
  // origin (and only for admins: AdminOnlyMiddleware).
  const origin = new URL(config.publicUrl).origin;
  const sameOrigin = (req: Request) => req.get('sec-fetch-site') === 'same-origin' || req.get('origin') === origin;
  app.use(webOnly(csrfProtection({ exempt: (req) => req.path.startsWith('/unsubscribe/') || (req.path.startsWith('/admin/queues/api/') && sameOrigin(req)) })));

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(views));
  app.useGlobalInterceptors(new WebResponseInterceptor(views));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Commonpurse API')
      .setDescription('Participatory grant-making. Authenticate with a personal access token: Authorization: Bearer cp_…')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WebExpressAdapter } from '@commonpurse/kernel';
import { ApiModule, type ApiModuleOptions } from './api.module';
import { configureApp } from './configure-app';

/** Builds the API application, fully configured, not yet listening. */
export async function createApi(options: ApiModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), new WebExpressAdapter(), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false, // throw, so the caller (npm start, a test) decides what to do
  });
  configureApp(app);
  return app;
}

import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApplicationsModule } from '@commonpurse/applications';
import { DeliberationModule } from '@commonpurse/deliberation';
import { FundsModule } from '@commonpurse/funds';
import { IdentityModule } from '@commonpurse/identity';
import { DatabaseModule, KernelModule, QueueModule } from '@commonpurse/kernel';

/** What the data commands need: config, the database and the modules whose use cases they call. */
@Module({ imports: [KernelModule, DatabaseModule, QueueModule, IdentityModule, FundsModule, ApplicationsModule, DeliberationModule] })
class CliModule {}

export async function withContext<T>(work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@commonpurse/kernel';
import { AdminOnlyMiddleware } from './admin-only.middleware';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** bull-board's dashboard of every queue, for admins only (jobs waiting, delayed, failed, with their errors). */
@Module({
  imports: [
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
    BullBoardModule.forRoot({ route: QUEUE_DASHBOARD_ROUTE, adapter: ExpressAdapter, middleware: AdminOnlyMiddleware, boardOptions: { uiConfig: { boardTitle: 'Commonpurse queues' } } }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueDashboardModule {}

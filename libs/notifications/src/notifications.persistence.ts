import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryRepository } from './persistence/delivery.repository';
import { OutboxEntity } from './persistence/outbox.entity';
import { OutboxRepository } from './persistence/outbox.repository';
import { PreferenceRepository } from './persistence/preference.repository';

/** The tables notifications owns (outbox, deliveries, preferences) and the only classes that query them. */
export const NotificationEntities = TypeOrmModule.forFeature([OutboxEntity]);
export const NotificationRepositories = [OutboxRepository, DeliveryRepository, PreferenceRepository];

import { CreateIdentity1795411800000 } from './1795411800000-CreateIdentity';

/** Every migration, in order. A new migration is added here and never edited after it lands. */
export const migrations = [CreateIdentity1795411800000];

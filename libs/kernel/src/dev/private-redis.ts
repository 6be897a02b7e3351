import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pingRedis } from '../queue/redis';
import { freePort } from './free-port';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A private redis-server on loopback, keeping nothing on disk: queues are rebuilt from the Postgres outbox. */
export async function startPrivateRedis(varDir: string, port?: number): Promise<RunningRedis & { port: number }> {
  const dir = join(varDir, 'redis');
  mkdirSync(dir, { recursive: true });
  port ??= await freePort(63790);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await pingRedis(url, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await pingRedis(url))) {
    child.kill();
    throw new Error(`redis-server did not answer on port ${port}`);
  }
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

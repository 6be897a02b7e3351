import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The repository root, found the same way from source (jest) and from dist/ (node):
 * the nearest folder above this file holding nest-cli.json. Views and locales are read
 * from the source tree, so the build never has to copy them.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the project root above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

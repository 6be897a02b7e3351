#!/usr/bin/env node
// Builds dist/ when it is missing or older than any source it is built from, so `npm start`,
// `npm run cli` and `npm run bench` never run stale code, and never wait for a needless build.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const BUILT_ENTRY = join(ROOT, 'dist/apps/api/src/main.js'); // rewritten by every build (deleteOutDir)

/** The newest source file dist/ is built from (what tsconfig.app.json compiles), or undefined. */
function newestSource() {
  let newest;
  const visit = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) {
      if (/[/\\](node_modules|libs[/\\]testing)$/.test(path)) return;
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (/\.ts$/.test(path) && !/spec\.ts$/.test(path)) {
      if (!newest || info.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: info.mtimeMs };
    }
  };
  for (const dir of ['apps', 'libs', 'migrations']) if (existsSync(join(ROOT, dir))) visit(join(ROOT, dir));
  for (const file of ['tsconfig.json', 'apps/api/tsconfig.app.json', 'nest-cli.json']) {
    const path = join(ROOT, file);
    if (existsSync(path) && (!newest || statSync(path).mtimeMs > newest.mtimeMs)) newest = { path, mtimeMs: statSync(path).mtimeMs };
  }
  return newest;
}

function ensureBuilt() {
  let reason;
  if (!existsSync(BUILT_ENTRY)) reason = 'dist/ is missing';
  else {
    const source = newestSource();
    if (source && source.mtimeMs > statSync(BUILT_ENTRY).mtimeMs) reason = `${relative(ROOT, source.path)} is newer than dist/`;
  }
  if (!reason) return;
  process.stderr.write(`Building first (${reason}): npm run build\n`);
  // The build's own output goes to stderr: stdout belongs to the command that runs afterwards.
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('The build failed.\n');
    process.exit(result.status ?? 1);
  }
}

module.exports = { ensureBuilt };
if (require.main === module) ensureBuilt();

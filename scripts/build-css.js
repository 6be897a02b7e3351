#!/usr/bin/env node
// Compiles the stylesheet (libs/kernel/src/web/styles) to dist/assets/commonpurse.css, unless it
// is already newer than every source. Run by `npm run build` and by the test setup.
const { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'libs/kernel/src/web/styles/commonpurse.scss');
const output = join(root, 'dist/assets/commonpurse.css');

function newestSource() {
  const dir = dirname(source);
  const govuk = join(root, 'node_modules/govuk-frontend/package.json');
  return Math.max(statSync(govuk).mtimeMs, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

function buildCss({ force = false } = {}) {
  if (!force && existsSync(output) && statSync(output).mtimeMs >= newestSource()) return output;
  const sass = require('sass');
  const result = sass.compile(source, { loadPaths: [join(root, 'node_modules')], style: 'compressed', quietDeps: true });
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, result.css);
  return output;
}

module.exports = { buildCss, output };
if (require.main === module) {
  const started = Date.now();
  buildCss({ force: process.argv.includes('--force') });
  process.stderr.write(`stylesheet ready: ${output} (${Date.now() - started} ms)\n`);
}

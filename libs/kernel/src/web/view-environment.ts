import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import nunjucks from 'nunjucks';
import { projectRoot } from '../paths';

/**
 * Finds a template by its first path segment, so a module's pages live beside its code:
 * `identity/sign-in.njk` → libs/identity/src/http/views/sign-in.njk. Anything else is looked
 * for in the shared layouts (libs/kernel/src/web/views), the API's own pages
 * (apps/api/src/views), then GOV.UK Frontend's macros (`govuk/components/...`).
 */
class ModuleViewLoader extends nunjucks.Loader implements nunjucks.ILoader {
  private readonly root = projectRoot();
  private readonly searchPaths = [
    join(this.root, 'libs/kernel/src/web/views'),
    join(this.root, 'apps/api/src/views'),
    dirname(require.resolve('govuk-frontend/package.json')) + '/dist',
  ];

  getSource(name: string): nunjucks.LoaderSource {
    const file = this.findTemplate(name);
    if (!file) throw new Error(`Template not found: ${name}`);
    return { src: readFileSync(file, 'utf8'), path: file, noCache: false };
  }

  private findTemplate(name: string): string | undefined {
    // GOV.UK Frontend's macros import their neighbours as "./x.njk", which nunjucks resolves to absolute paths.
    if (isAbsolute(name)) return existsSync(name) ? name : undefined;
    const clean = normalize(name).replace(/^(\.\.(\/|\\|$))+/, '');
    const [first, ...rest] = clean.split(sep);
    const candidates = [join(this.root, 'libs', first, 'src/http/views', ...rest), ...this.searchPaths.map((base) => join(base, clean))];
    return candidates.find((file) => existsSync(file));
  }
}

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new ModuleViewLoader(), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // Formatters are made once per language: making one costs far more than using it.
  const dateTimes = { en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }), cy: new Intl.DateTimeFormat('cy-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }) };
  const days = { en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }), cy: new Intl.DateTimeFormat('cy-GB', { dateStyle: 'long', timeZone: 'UTC' }) };
  env.addFilter('date', (value: Date | string | null | undefined, language = 'en') => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value);
    return dateTimes[language === 'cy' ? 'cy' : 'en'].format(date);
  });
  // A calendar day (YYYY-MM-DD) as people write it: "1 June 2027" ("1 Mehefin 2027").
  env.addFilter('day', (value: string | null | undefined, language = 'en') => {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return '';
    return days[language === 'cy' ? 'cy' : 'en'].format(new Date(`${value}T00:00:00Z`));
  });
  env.addFilter('pence', formatPence);
  // An amount in pounds as decimal text (as the tally gives it: "999.5"), written as people write money.
  env.addFilter('pounds', (value: string | number, language = 'en') => (value === undefined || value === null || value === '' || Number.isNaN(Number(value)) ? '' : formatPence(Math.round(Number(value) * 100), language)));
  // A figure such as a mean score, to a fixed number of decimal places ("3.25").
  env.addFilter('fixed', (value: unknown, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : ''));
  return env;
}

/** Whole pence as pounds: "£1,250.50", or "£1,250" when there are no pence. */
export function formatPence(pence: number | string | bigint, language = 'en'): string {
  const value = Number(pence);
  const whole = value % 100 === 0;
  return new Intl.NumberFormat(language === 'cy' ? 'cy-GB' : 'en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(value / 100);
}

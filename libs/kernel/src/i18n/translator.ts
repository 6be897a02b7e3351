import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', cy: 'Cymraeg' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type Catalogue = Map<string, string>;
export type TranslateFn = (key: string, params?: Record<string, string | number>) => string;

/**
 * Every module keeps its strings in `src/i18n/<lang>.json` (libs and apps alike); they are
 * merged into one catalogue per language, keyed by dotted path (`identity.signIn.title`).
 * Keys starting with `_` hold metadata (such as `_review`, the Welsh strings awaiting a
 * translator's check) and are not strings.
 */
export function loadCatalogues(root = projectRoot()): Record<Language, Catalogue> {
  const catalogues = { en: new Map(), cy: new Map() } as Record<Language, Catalogue>;
  for (const folder of i18nFolders(root)) {
    for (const language of LANGUAGES) {
      const file = join(folder, `${language}.json`);
      if (!existsSync(file)) continue;
      flatten(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, '', catalogues[language], file);
    }
  }
  return catalogues;
}

function i18nFolders(root: string): string[] {
  const folders: string[] = [];
  for (const parent of ['libs', 'apps']) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const folder = join(base, name, 'src', 'i18n');
      if (existsSync(folder)) folders.push(folder);
    }
  }
  return folders;
}

function flatten(node: Record<string, unknown>, prefix: string, into: Catalogue, file: string): void {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('_')) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      if (into.has(path)) throw new Error(`Translation key ${path} is defined twice (again in ${file})`);
      into.set(path, value);
    } else if (value && typeof value === 'object') {
      flatten(value as Record<string, unknown>, path, into, file);
    }
  }
}

export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** One translation layer for pages, emails and error messages. */
export class Translator {
  private static shared: Translator | undefined;
  private readonly catalogues: Record<Language, Catalogue>;

  constructor(catalogues?: Record<Language, Catalogue>) {
    this.catalogues = catalogues ?? loadCatalogues();
  }

  /** Catalogues are read from disk once per process. */
  static instance(): Translator {
    return (Translator.shared ??= new Translator());
  }

  has(key: string): boolean {
    return this.catalogues.en.has(key);
  }

  /** Welsh falls back to English while a string waits for translation; an unknown key shows as itself. */
  translate(language: Language, key: string, params?: Record<string, string | number>): string {
    const text = this.catalogues[language].get(key) ?? this.catalogues.en.get(key);
    return text === undefined ? key : interpolate(text, params);
  }

  forLanguage(language: Language): TranslateFn {
    return (key, params) => this.translate(language, key, params);
  }

  keys(language: Language): string[] {
    return [...this.catalogues[language].keys()];
  }
}

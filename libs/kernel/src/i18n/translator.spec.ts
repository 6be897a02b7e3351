import { LANGUAGES, Translator, interpolate, loadCatalogues } from './translator';

describe('Translator', () => {
  const catalogues = loadCatalogues();

  it('has a Welsh string for every English string, and no Welsh string without an English one', () => {
    const en = [...catalogues.en.keys()].sort();
    const cy = [...catalogues.cy.keys()].sort();
    expect(cy.filter((key) => !catalogues.en.has(key))).toEqual([]);
    expect(en.filter((key) => !catalogues.cy.has(key))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join(',');
    const mismatched = [...catalogues.en.entries()].filter(
      ([key, text]) => catalogues.cy.has(key) && placeholders(text) !== placeholders(catalogues.cy.get(key)!),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('translates into the asked language and fills placeholders', () => {
    const translator = new Translator({
      en: new Map([['greeting', 'Hello {name}']]),
      cy: new Map([['greeting', 'Helo {name}']]),
    });
    expect(translator.translate('cy', 'greeting', { name: 'Siân' })).toBe('Helo Siân');
    expect(translator.translate('en', 'greeting', { name: 'Sian' })).toBe('Hello Sian');
  });

  it('falls back to English, then to the key itself', () => {
    const translator = new Translator({ en: new Map([['only.en', 'English only']]), cy: new Map() });
    expect(translator.translate('cy', 'only.en')).toBe('English only');
    expect(translator.translate('cy', 'missing.key')).toBe('missing.key');
  });

  it('leaves unknown placeholders visible rather than blank', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('knows both languages', () => {
    expect(LANGUAGES).toEqual(['en', 'cy']);
  });
});

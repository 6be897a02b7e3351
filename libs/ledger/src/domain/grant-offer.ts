import { createHash } from 'node:crypto';
import { formatPence, type Language, type TranslateFn } from '@commonpurse/kernel';
import type { Tranche } from './tranches';

/**
 * The conditions a grantee accepts with an award, by version. A version is never changed once
 * offered (acceptances keep the version and a hash of the text): new wording is a new version,
 * with its own strings under `ledger.offer.conditions.v<version>`, and the old ones stay so an
 * accepted offer's text can always be rebuilt.
 */
export const GRANT_CONDITIONS = {
  1: ['useAsDescribed', 'tellOfChanges', 'keepReceipts', 'reportByEnd', 'returnUnspent', 'creditFunders'],
} as const satisfies Record<number, readonly string[]>;
export type GrantConditionsVersion = keyof typeof GRANT_CONDITIONS;

/** The version offered from now on. */
export const GRANT_CONDITIONS_VERSION: GrantConditionsVersion = 1;

/** What the offer says, from the ledger (amount, tranches, whose money) and from the application (who, for what). */
export interface GrantOfferTerms {
  awardId: string;
  amountPence: number;
  tranches: Tranche[];
  /** The funding organisations' names, in the order they are listed. */
  funders: string[];
  organisationName: string;
  projectTitle: string;
}

export interface GrantOfferText {
  language: Language;
  conditionsVersion: GrantConditionsVersion;
  summary: string;
  reference: string;
  sections: Array<{ key: 'funders' | 'tranches' | 'conditions'; heading: string; lines: string[] }>;
  /** Every line above in order, one per line: exactly what the page shows, and what is hashed. */
  text: string;
  /** SHA-256 (hex) of `text` in UTF-8: what an acceptance records. */
  sha256: string;
}

// Made once per language: making a formatter costs far more than using it.
const DAYS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  cy: new Intl.DateTimeFormat('cy-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/**
 * The offer as the grantee reads it, in one language. The default tranche reads "due when the
 * offer is accepted" before and after acceptance alike, so the text accepted can be rebuilt from
 * the books and its hash checked at any time.
 */
export function grantOfferText(terms: GrantOfferTerms, language: Language, t: TranslateFn, version: GrantConditionsVersion = GRANT_CONDITIONS_VERSION): GrantOfferText {
  const money = (pence: number) => formatPence(pence, language);
  // One line each, with no line breaks inside a line, so the text has one reading.
  const line = (text: string) => text.replace(/\s+/g, ' ').trim();
  const tranche = (x: Tranche) =>
    x.onAcceptance || x.dueOn === null ? t('ledger.offer.trancheOnAcceptance', { amount: money(x.amountPence) }) : t('ledger.offer.tranche', { amount: money(x.amountPence), due: DAYS[language].format(new Date(`${x.dueOn}T00:00:00Z`)) });
  const summary = line(t('ledger.offer.summary', { organisation: terms.organisationName, amount: money(terms.amountPence), project: terms.projectTitle }));
  const reference = line(t('ledger.offer.reference', { reference: terms.awardId }));
  const sections: GrantOfferText['sections'] = [
    { key: 'funders' as const, heading: t('ledger.offer.fundersHeading'), lines: terms.funders },
    { key: 'tranches' as const, heading: t('ledger.offer.tranchesHeading'), lines: [...terms.tranches].sort((a, b) => a.seq - b.seq).map(tranche) },
    { key: 'conditions' as const, heading: t('ledger.offer.conditionsHeading', { version }), lines: GRANT_CONDITIONS[version].map((key) => t(`ledger.offer.conditions.v${version}.${key}`)) },
  ].map((s) => ({ key: s.key, heading: line(s.heading), lines: s.lines.map(line) }));
  const text = [summary, reference, ...sections.flatMap((s) => [s.heading, ...s.lines])].join('\n');
  return { language, conditionsVersion: version, summary, reference, sections, text, sha256: offerSha256(text) };
}

export function offerSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Who and what an offer names, from outside the ledger: the grantee, the project and the funders' names. */
export interface OfferWording {
  organisationName: string;
  projectTitle: string;
  /** Names of the fund's funding organisations, in the order to list them (lead funder first). */
  funders: Array<{ organisationId: string; name: string }>;
}

/** The offer's terms for an award: its money and schedule from the books, named as the wording says; only the funders whose money the award is are listed. */
export function offerTerms(award: { id: string; amountPence: number; tranches: Tranche[]; fundedBy: Array<{ organisationId: string }> }, wording: OfferWording): GrantOfferTerms {
  const funding = new Set(award.fundedBy.map((f) => f.organisationId));
  return {
    awardId: award.id,
    amountPence: award.amountPence,
    tranches: award.tranches.map(({ seq, amountPence, dueOn, onAcceptance }) => ({ seq, amountPence, dueOn, onAcceptance })),
    funders: wording.funders.filter((f) => funding.has(f.organisationId)).map((f) => f.name),
    organisationName: wording.organisationName,
    projectTitle: wording.projectTitle,
  };
}

/**
 * Organisation identifiers as 360Giving publishes them (org-id.guide): a registry prefix and the
 * organisation's number in that registry, e.g. GB-LAE-BST (Bristol City Council) or
 * GB-CHC-1110767. Each registry's numbers have a known shape, so a typing mistake is caught here.
 */
export interface Registry {
  prefix: string;
  name: string;
  pattern: RegExp;
  example: string;
}

export const REGISTRIES: Registry[] = [
  { prefix: 'GB-LAE', name: 'Local authority in England', pattern: /^[A-Z]{3,4}$/, example: 'GB-LAE-BST' },
  { prefix: 'GB-PLA', name: 'Principal local authority in Wales', pattern: /^[A-Z]{3,4}$/, example: 'GB-PLA-CRF' },
  { prefix: 'GB-LAS', name: 'Local authority in Scotland', pattern: /^[A-Z]{3,4}$/, example: 'GB-LAS-EDH' },
  { prefix: 'GB-LANI', name: 'Local authority in Northern Ireland', pattern: /^[A-Z]{3,4}$/, example: 'GB-LANI-BFS' },
  { prefix: 'GB-CHC', name: 'Charity in England and Wales', pattern: /^\d{6,7}$/, example: 'GB-CHC-1110767' },
  { prefix: 'GB-SC', name: 'Charity in Scotland', pattern: /^SC\d{6}$/, example: 'GB-SC-SC012345' },
  { prefix: 'GB-NIC', name: 'Charity in Northern Ireland', pattern: /^\d{6}$/, example: 'GB-NIC-101234' },
  { prefix: 'GB-COH', name: 'Company (Companies House)', pattern: /^(\d{8}|[A-Z]{2}\d{6})$/, example: 'GB-COH-01234567' },
  { prefix: 'GB-MPR', name: 'Mutual society (FCA register)', pattern: /^\d{1,6}[A-Z]{0,2}$/, example: 'GB-MPR-12345R' },
  { prefix: 'GB-GOR', name: 'Government organisation', pattern: /^[A-Z]{1,3}\d{1,5}$/, example: 'GB-GOR-PB1' },
  { prefix: 'GB-NHS', name: 'NHS organisation', pattern: /^[A-Z0-9]{3,5}$/, example: 'GB-NHS-RTD' },
  { prefix: 'GB-EDU', name: 'School or college', pattern: /^\d{6}$/, example: 'GB-EDU-123456' },
];

export type IdentifierCheck = { ok: true; identifier: string; registry: Registry | '360G' } | { ok: false; problem: 'unknownPrefix' | 'badNumber'; registry?: Registry };

/** Normalises (trim, upper-case registry part) and checks an identifier; 360G-… local identifiers are accepted as they are. */
export function checkOrganisationIdentifier(input: string): IdentifierCheck {
  const value = input.trim();
  if (/^360G-[A-Za-z0-9]+-[A-Za-z0-9_.-]+$/.test(value)) return { ok: true, identifier: value, registry: '360G' };
  const upper = value.toUpperCase();
  const registry = [...REGISTRIES].sort((a, b) => b.prefix.length - a.prefix.length).find((r) => upper.startsWith(`${r.prefix}-`));
  if (!registry) return { ok: false, problem: 'unknownPrefix' };
  const number = upper.slice(registry.prefix.length + 1);
  if (!registry.pattern.test(number)) return { ok: false, problem: 'badNumber', registry };
  return { ok: true, identifier: `${registry.prefix}-${number}`, registry };
}

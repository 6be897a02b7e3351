/**
 * Awards as 360Giving grants (https://standard.threesixtygiving.org, schema 1.4): one grant per award,
 * a package around them for the JSON file, and the rows of the template's "grants" sheet for CSV.
 * Plain TypeScript: the caller loads awards; `three-sixty-giving-checks.ts` says whether they may go out.
 */

/** Whole pence, as the ledger keeps money. A bigint column may arrive as either. */
export type Pence = number | bigint;

export interface FundingOrganisationForExport {
  /** org-id.guide identifier, e.g. GB-LAE-BST or GB-CHC-1110767. */
  identifier: string;
  name: string;
  department?: string;
}

export interface OrganisationRecipient {
  kind: 'organisation';
  /** Our own id for the organisation, used in the identifier when it has no registered number. */
  internalId: string;
  name: string;
  charityNumber?: string;
  companyNumber?: string;
  postcode?: string;
}

/** Nothing about the person: 360Giving publishes grants to individuals anonymously. */
export interface IndividualRecipient {
  kind: 'individual';
}

export type RecipientForExport = OrganisationRecipient | IndividualRecipient;

export interface WardForExport {
  name: string;
  /** ONS ward code, e.g. E05000026. */
  onsCode: string;
}

/** The codes of the Location Scope codelist (locationScope.csv of the standard). */
export type LocationScopeCode = 'GLS010' | 'GLS020' | 'GLS030' | 'GLS040' | 'GLS050' | 'GLS060' | 'GLS099';

/** One award, as the exports use case assembles it from funds, voting and the ledger. */
export interface AwardForExport {
  /** The award's uuid; it is the grant's own part of the 360Giving identifier. */
  awardId: string;
  title: string;
  description: string;
  amountAwardedPence: Pence;
  amountAppliedForPence?: Pence;
  amountDisbursedPence: Pence;
  currency: 'GBP';
  /** YYYY-MM-DD: the day the vote or panel decided the award. */
  awardDate: string;
  /** The publishing funder's 360Giving prefix, without the trailing dash, e.g. `360G-examplecouncil`. */
  grantIdPrefix: string;
  /** Every organisation whose money is in the fund, lead (publishing) funder first. */
  fundingOrganisations: FundingOrganisationForExport[];
  recipient: RecipientForExport;
  beneficiaryWards: WardForExport[];
  programme: { fundSlug: string; fundName: string; roundSlug: string; roundName: string; url?: string };
  plannedDates?: { startDate?: string; endDate?: string; durationMonths?: number };
  locationScope?: LocationScopeCode;
  /** A public page about the award, if there is one. */
  url?: string;
  /** Our rounds always invite applications from anyone eligible. */
  fromOpenCall: 'Yes';
  /** ISO date-time of the last change to anything in this grant. */
  dateModified: string;
  /** Where the published data comes from (the council's page for the fund). */
  dataSource: string;
}

export interface OrganisationInGrant {
  id: string;
  name: string;
  department?: string;
  charityNumber?: string;
  companyNumber?: string;
  streetAddress?: string;
  addressLocality?: string;
  addressRegion?: string;
  addressCountry?: string;
  postalCode?: string;
  description?: string;
  url?: string;
}

export interface LocationInGrant {
  name?: string | null;
  countryCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  geoCode?: string | null;
  geoCodeType?: string | null;
}

export interface EventInGrant {
  startDate?: string;
  endDate?: string;
  duration?: number;
}

/** The part of the 360Giving grant schema we write, and the checks read. */
export interface ThreeSixtyGivingGrant {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountAppliedFor?: number;
  amountAwarded: number;
  amountDisbursed?: number;
  awardDate: string;
  url?: string;
  plannedDates?: EventInGrant[];
  actualDates?: EventInGrant[];
  recipientOrganization?: OrganisationInGrant[];
  recipientIndividual?: { id: string; name: string };
  toIndividualsDetails?: { primaryGrantReason?: string; secondaryGrantReason?: string; grantPurpose?: string[] };
  beneficiaryLocation?: LocationInGrant[];
  locationScope?: string;
  fundingOrganization: OrganisationInGrant[];
  grantProgramme?: Array<{ code?: string; title?: string | null; url?: string | null }>;
  fromOpenCall?: 'Yes' | 'No';
  relatedActivity?: string[];
  dateModified?: string;
  dataSource?: string | null;
  regrantType?: string;
}

export interface PackagePublisher {
  name: string;
  identifier: string;
  website?: string;
  logo?: string;
}

export interface PackageMetadata {
  title: string;
  description?: string;
  /** Unique among this publisher's packages, e.g. `360G-examplecouncil-2025-26`. */
  identifier: string;
  /** YYYY-MM-DD or a date-time. */
  issued: string;
  /** Date-time of the last change to the package. */
  modified: string;
  publisher: PackagePublisher;
  license: string;
  downloadURL?: string;
  accessURL?: string;
}

export interface ThreeSixtyGivingPackage extends PackageMetadata {
  version: string;
  grants: ThreeSixtyGivingGrant[];
}

/** What UK councils publish their data under, and 360Giving recommends. */
export const OPEN_GOVERNMENT_LICENCE_V3 = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

/** The schema version the shipped schema copies describe (package "version" is major.minor). */
export const THREE_SIXTY_GIVING_VERSION = '1.4';

/**
 * Pounds as a JSON number, from whole pence, built from the decimal digits rather than by
 * dividing floats, so 1999 gives 19.99 and 100000001 gives 1000000.01 exactly as written.
 */
export function penceToPounds(pence: Pence): number {
  if (typeof pence === 'number' && !Number.isSafeInteger(pence)) throw new RangeError(`Amount in pence must be a whole number, got ${pence}`);
  const value = BigInt(pence);
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Amount in pence out of range: ${value}`);
  return Number(`${value / 100n}.${String(value % 100n).padStart(2, '0')}`);
}

/**
 * The 360Giving identifier of a recipient organisation: its registered number when we know one
 * (charity first, as 360Giving prefers), else a 360G identifier under the publisher's prefix.
 * Scottish (SC…) and Northern Irish (NIC…) charity numbers belong to their own registers.
 */
export function recipientOrganisationId(recipient: OrganisationRecipient, grantIdPrefix: string): string {
  const charity = compact(recipient.charityNumber);
  if (charity) {
    if (/^SC\d{6}$/.test(charity)) return `GB-SC-${charity}`;
    if (/^NIC\d{6}$/.test(charity)) return `GB-NIC-${charity.slice(3)}`;
    return `GB-CHC-${charity}`;
  }
  const company = companyNumber(recipient.companyNumber);
  if (company) return `GB-COH-${company}`;
  return `${grantIdPrefix}-org-${recipient.internalId}`;
}

/** One award as a 360Giving grant. Throws only on an amount that is not whole pence. */
export function toGrant(award: AwardForExport): ThreeSixtyGivingGrant {
  const grant: ThreeSixtyGivingGrant = {
    id: `${award.grantIdPrefix}-${award.awardId}`,
    title: award.title,
    description: award.description,
    currency: award.currency,
    ...(award.amountAppliedForPence !== undefined && { amountAppliedFor: penceToPounds(award.amountAppliedForPence) }),
    amountAwarded: penceToPounds(award.amountAwardedPence),
    amountDisbursed: penceToPounds(award.amountDisbursedPence),
    awardDate: award.awardDate,
    ...(award.url && { url: award.url }),
    fundingOrganization: award.fundingOrganisations.map((org) => ({
      id: org.identifier,
      name: org.name,
      ...(org.department && { department: org.department }),
    })),
    fromOpenCall: award.fromOpenCall,
    dateModified: award.dateModified,
    dataSource: award.dataSource,
  };

  const planned = award.plannedDates;
  if (planned && (planned.startDate || planned.endDate || planned.durationMonths !== undefined)) {
    grant.plannedDates = [
      {
        ...(planned.startDate && { startDate: planned.startDate }),
        ...(planned.endDate && { endDate: planned.endDate }),
        ...(planned.durationMonths !== undefined && { duration: planned.durationMonths }),
      },
    ];
  }

  const recipient = award.recipient;
  if (recipient.kind === 'organisation') {
    const charity = compact(recipient.charityNumber);
    const company = companyNumber(recipient.companyNumber);
    grant.recipientOrganization = [
      {
        id: recipientOrganisationId(recipient, award.grantIdPrefix),
        name: recipient.name,
        ...(charity && { charityNumber: charity }),
        ...(company && { companyNumber: company }),
        ...(recipient.postcode?.trim() && { postalCode: recipient.postcode.trim().toUpperCase() }),
      },
    ];
  } else {
    // The award id, never anything about the person, so the identifier reveals nothing.
    grant.recipientIndividual = { id: `${award.grantIdPrefix}-ind-${award.awardId}`, name: 'Individual Recipient' };
  }

  if (award.beneficiaryWards.length) {
    grant.beneficiaryLocation = award.beneficiaryWards.map((ward) => ({ name: ward.name, countryCode: 'GB', geoCode: ward.onsCode, geoCodeType: 'WD' }));
  }
  if (award.locationScope) grant.locationScope = award.locationScope;

  const { fundSlug, fundName, roundSlug, roundName, url } = award.programme;
  grant.grantProgramme = [{ code: `${fundSlug}/${roundSlug}`, title: `${fundName} — ${roundName}`, ...(url && { url }) }];
  return grant;
}

/** The JSON file 360Giving takes: package metadata around the grants. */
export function grantsPackage(grants: ThreeSixtyGivingGrant[], meta: PackageMetadata): ThreeSixtyGivingPackage {
  return { version: THREE_SIXTY_GIVING_VERSION, ...meta, grants };
}

// ---------------------------------------------------------------------------------------------
// CSV: the columns of the "grants" sheet of 360Giving's spreadsheet template (2023), in its order.
//
// A title without a number ("Funding Org:Identifier") is the template's column for the first item
// of a list. Our pooled funds often have several funders and a grant may serve several wards, and
// one sheet has no room for more; rather than drop them (an auditor must see every funder), a cell
// of a list holds every item's value separated by ";" — the separator the template itself uses for
// list cells such as "Related Activity" — in the same order in each column of that list, so the
// n-th identifier goes with the n-th name. Such a cell is for people: the JSON package, which keeps
// each item whole, is the file to give 360Giving.
// ---------------------------------------------------------------------------------------------

type Cell = string | number | null | undefined;

/** Every item's value of one field of a list, as described above; a single number stays a number. */
function each<T>(list: readonly T[] | undefined, field: keyof T): Cell {
  if (!list?.length) return undefined;
  const values = list.map((item) => item[field] as Cell);
  if (values.length === 1) return values[0];
  if (values.every((v) => v === undefined || v === null || v === '')) return undefined;
  return values.map((v) => (v === undefined || v === null ? '' : String(v))).join(';');
}

const org = (g: ThreeSixtyGivingGrant) => g.recipientOrganization;
const place = (g: ThreeSixtyGivingGrant) => g.beneficiaryLocation;
const funder = (g: ThreeSixtyGivingGrant) => g.fundingOrganization;
const programme = (g: ThreeSixtyGivingGrant) => g.grantProgramme;

const COLUMNS: ReadonlyArray<readonly [title: string, value: (g: ThreeSixtyGivingGrant) => Cell]> = [
  ['Identifier', (g) => g.id],
  ['Title', (g) => g.title],
  ['Description', (g) => g.description],
  ['Currency', (g) => g.currency],
  ['Amount Applied For', (g) => g.amountAppliedFor],
  ['Amount Awarded', (g) => g.amountAwarded],
  ['Amount Disbursed', (g) => g.amountDisbursed],
  ['Award Date', (g) => g.awardDate],
  ['URL', (g) => g.url],
  ['Planned Dates:Start Date', (g) => each(g.plannedDates, 'startDate')],
  ['Planned Dates:End Date', (g) => each(g.plannedDates, 'endDate')],
  ['Planned Dates:Duration (months)', (g) => each(g.plannedDates, 'duration')],
  ['Recipient Ind:Identifier', (g) => g.recipientIndividual?.id],
  ['Recipient Ind:Name', (g) => g.recipientIndividual?.name],
  ['To Individuals Details:Primary Grant Reason', (g) => g.toIndividualsDetails?.primaryGrantReason],
  ['To Individuals Details:Secondary Grant Reason', (g) => g.toIndividualsDetails?.secondaryGrantReason],
  ['To Individuals Details:Grant Purpose', (g) => g.toIndividualsDetails?.grantPurpose?.join(';')],
  ['Recipient Org:Identifier', (g) => each(org(g), 'id')],
  ['Recipient Org:Name', (g) => each(org(g), 'name')],
  ['Recipient Org:Charity Number', (g) => each(org(g), 'charityNumber')],
  ['Recipient Org:Company Number', (g) => each(org(g), 'companyNumber')],
  ['Recipient Org:Street Address', (g) => each(org(g), 'streetAddress')],
  ['Recipient Org:City', (g) => each(org(g), 'addressLocality')],
  ['Recipient Org:County', (g) => each(org(g), 'addressRegion')],
  ['Recipient Org:Country', (g) => each(org(g), 'addressCountry')],
  ['Recipient Org:Postal Code', (g) => each(org(g), 'postalCode')],
  ['Recipient Org:Description', (g) => each(org(g), 'description')],
  ['Recipient Org:Web Address', (g) => each(org(g), 'url')],
  ['Beneficiary Location:Name', (g) => each(place(g), 'name')],
  ['Beneficiary Location:Country Code', (g) => each(place(g), 'countryCode')],
  ['Beneficiary Location:Latitude', (g) => each(place(g), 'latitude')],
  ['Beneficiary Location:Longitude', (g) => each(place(g), 'longitude')],
  ['Beneficiary Location:Geographic Code', (g) => each(place(g), 'geoCode')],
  ['Beneficiary Location:Geographic Code Type', (g) => each(place(g), 'geoCodeType')],
  ['Funding Org:Identifier', (g) => each(funder(g), 'id')],
  ['Funding Org:Name', (g) => each(funder(g), 'name')],
  ['Funding Org:Department', (g) => each(funder(g), 'department')],
  ['Location Scope', (g) => g.locationScope],
  ['Grant Programme:Code', (g) => each(programme(g), 'code')],
  ['Grant Programme:Title', (g) => each(programme(g), 'title')],
  ['Grant Programme:URL', (g) => each(programme(g), 'url')],
  ['From An Open Call?', (g) => g.fromOpenCall],
  ['Related Activity', (g) => g.relatedActivity?.join(';')],
  ['Last Modified', (g) => g.dateModified],
  ['Data Source', (g) => g.dataSource],
  ['For Regrant Type', (g) => g.regrantType],
];

export const CSV_COLUMN_TITLES: readonly string[] = COLUMNS.map(([title]) => title);

/** The header line, ending in CRLF (RFC 4180), so header and rows concatenate into a file. */
export function csvHeader(): string {
  return csvLine(CSV_COLUMN_TITLES);
}

/** One grant as a line of the sheet, ending in CRLF. */
export function csvRow(grant: ThreeSixtyGivingGrant): string {
  return csvLine(COLUMNS.map(([, value]) => value(grant)));
}

/** A whole CSV file. (Excel wants a UTF-8 byte order mark in front to read £ and Welsh; that is the caller's choice.) */
export function grantsCsv(grants: readonly ThreeSixtyGivingGrant[]): string {
  return csvHeader() + grants.map(csvRow).join('');
}

function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

function csvField(cell: Cell): string {
  if (cell === undefined || cell === null) return '';
  // Numbers (the amounts) are written as they are: a refund's "-" must stay a minus sign.
  if (typeof cell === 'number') return String(cell);
  // A spreadsheet runs a text cell starting with one of these as a formula (OWASP "CSV injection");
  // a leading quote makes it plain text. Tab and carriage return are on OWASP's list too.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function compact(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/\s+/g, '').toUpperCase();
  return cleaned || undefined;
}

/** Companies House numbers are 8 characters; spreadsheets often lose the leading zeros of all-digit ones. */
function companyNumber(value: string | undefined): string | undefined {
  const cleaned = compact(value);
  return cleaned && /^\d{1,7}$/.test(cleaned) ? cleaned.padStart(8, '0') : cleaned;
}

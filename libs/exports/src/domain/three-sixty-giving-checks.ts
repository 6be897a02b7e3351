/**
 * Whether grants may be published as 360Giving data: the JSON Schema, duplicate identifiers, and
 * the additional checks of 360Giving's Data Quality Tool (DQT) that can fire on what we export.
 * The caller blocks the export on any critical problem and lists every problem to the officer.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import packageSchema from './360giving/schema/360-giving-package-schema.json';
import grantSchema from './360giving/schema/360-giving-schema.json';
import type { ThreeSixtyGivingGrant, ThreeSixtyGivingPackage } from './three-sixty-giving';

export interface ThreeSixtyGivingProblem {
  /** The grant concerned, or null for a problem of the whole file. */
  grantId: string | null;
  check: string;
  message: string;
  critical: boolean;
}

/**
 * Each check and whether it blocks the export. DQT names and criticality follow the DQT
 * (lib360dataquality, summarised in shared/standards/360giving/dqt-additional-checks.csv), except
 * MoreThanOneFundingOrg, see below.
 */
export const CHECKS = {
  Schema: { critical: true },
  NoGrants: { critical: true },
  // The DQT only lists duplicates; for us one means two awards were exported as one grant id.
  DuplicateGrantId: { critical: true },
  ZeroAmountTest: { critical: true },
  OrganizationIdUnexpectedChars: { critical: true },
  GrantIdUnexpectedChars: { critical: true },
  OrganizationIdLooksInvalid: { critical: false },
  RecipientOrgCharityNumber: { critical: false },
  RecipientOrgCompanyNumber: { critical: false },
  // The DQT calls this critical because a file is usually one funder's own grants. Our funds pool
  // money from several councils and partners, so several funders in a file (and in one grant) is
  // the truth, not a mistake; it stays listed so the officer sees what 360Giving will say.
  MoreThanOneFundingOrg: { critical: false },
  MultiFundingNamesForOrgId: { critical: false },
  MultiFundingOrgIdsForName: { critical: false },
  LooksLikeEmail: { critical: true },
  GeoCodePostcode: { critical: true },
  RecipientIndDEI: { critical: true },
  ImpossibleDates: { critical: true },
  PostDatedAwardDates: { critical: true },
  PlannedStartDateBeforeEndDate: { critical: false },
  ActualStartDateBeforeEndDate: { critical: false },
  FarFuturePlannedDates: { critical: false },
  FarFutureActualDates: { critical: false },
  FarPastDates: { critical: false },
  TitleLength: { critical: false },
  TitleDescriptionSame: { critical: false },
  // The DQT (through libcove) reports a value outside a closed codelist as an error, though the schema accepts any string.
  Codelist: { critical: true },
} as const satisfies Record<string, { critical: boolean }>;

export type CheckName = keyof typeof CHECKS;

function problem(check: CheckName, grantId: string | null, message: string): ThreeSixtyGivingProblem {
  return { grantId, check, message, critical: CHECKS[check].critical };
}

/** Everything wrong with these grants; `today` is the UK calendar day (YYYY-MM-DD) of the export. */
export function check360Giving(grants: readonly ThreeSixtyGivingGrant[], { today }: { today: string }): { problems: ThreeSixtyGivingProblem[] } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
  const problems: ThreeSixtyGivingProblem[] = [];
  const none = checkHasGrants(grants);
  if (none) problems.push(none);
  for (const grant of grants) {
    problems.push(...validateGrantSchema(grant), ...checkGrant(grant, today));
  }
  problems.push(...checkDuplicateIds(grants), ...checkFundingOrganisations(grants));
  return { problems };
}

/** A package must hold at least one grant (the package schema's minItems). */
export function checkHasGrants(grants: readonly unknown[]): ThreeSixtyGivingProblem | null {
  return grants.length ? null : problem('NoGrants', null, '360Giving needs at least one grant; this period has no awards');
}

// ---------------------------------------------------------------------------------------------
// JSON Schema
// ---------------------------------------------------------------------------------------------

let validators: { grant: ValidateFunction; package: ValidateFunction } | undefined;

/** Compiled once, on first use: compiling the grant schema takes far longer than validating a grant. */
function compiled(): { grant: ValidateFunction; package: ValidateFunction } {
  if (validators) return validators;
  // The schemas name the http:// 2020-12 meta-schema, which ajv knows only as https://; they do
  // conform to it, so ajv is told not to check them. verbose puts the offending value in each error.
  const ajv = new Ajv2020({ validateSchema: false, allErrors: true, verbose: true });
  addFormats(ajv); // without formats every YYYY-MM-DD date matches both branches of its oneOf
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']); // 360Giving's annotations, checked below
  ajv.addSchema(grantSchema);
  // The package refers to the grant schema by its 1.4.2 URL; the grant schema now says 1.4.3.
  ajv.addSchema({ ...grantSchema, $id: packageSchema.properties.grants.items.$ref });
  validators = { grant: ajv.getSchema(grantSchema.$id)!, package: ajv.compile(packageSchema) };
  return validators;
}

/** Schema problems of one grant, worded for a person. */
export function validateGrantSchema(grant: unknown): ThreeSixtyGivingProblem[] {
  const validate = compiled().grant;
  if (validate(grant)) return [];
  const id = grant && typeof grant === 'object' && typeof (grant as { id?: unknown }).id === 'string' ? (grant as { id: string }).id : null;
  return readableErrors(validate.errors ?? []).map((message) => problem('Schema', id, message));
}

/**
 * Schema problems of the package's metadata. The grants are validated one by one instead, because
 * the package schema's uniqueItems compares every pair (a 20,000-grant file takes minutes), so only
 * the first grant goes through the package schema.
 */
export function validatePackageMetadata(pkg: ThreeSixtyGivingPackage): ThreeSixtyGivingProblem[] {
  const validate = compiled().package;
  if (validate({ ...pkg, grants: pkg.grants.slice(0, 1) })) return [];
  return readableErrors(validate.errors ?? []).map((message) => problem('Schema', null, message));
}

/** `/recipientOrganization/0/name` → `recipientOrganization[0].name`. */
function fieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'grant';
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeError(error: ErrorObject): string {
  const path = fieldPath(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return `${fieldPath(error.instancePath, (error.params as { missingProperty: string }).missingProperty)} is required`;
    case 'type':
      return `${path} must be a ${(error.params as { type: string | string[] }).type.toString().replace(',', ' or ')} (got ${shown(error.data)})`;
    case 'enum':
      return `${path} is not one of the allowed values (got ${shown(error.data)})`;
    case 'format':
      return `${path} must be a valid ${(error.params as { format: string }).format} (got ${shown(error.data)})`;
    default:
      return `${path} ${error.message ?? 'is not valid'}${error.data !== undefined && typeof error.data !== 'object' ? ` (got ${shown(error.data)})` : ''}`;
  }
}

/**
 * ajv reports a failed oneOf as the failure of each alternative and then "must match exactly one
 * schema in oneOf". The schema uses oneOf for two things only, so those get one plain sentence:
 * dates (a date or a date-time) and the grant's recipient (an organisation or an individual).
 */
function readableErrors(errors: readonly ErrorObject[]): string[] {
  const inside = new Set<ErrorObject>();
  const oneOfMessages = new Map<ErrorObject, string[]>();
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = errors.filter((e) => e !== oneOf && e.schemaPath.startsWith(`${oneOf.schemaPath}/`) && e.instancePath.startsWith(oneOf.instancePath));
    branches.forEach((e) => inside.add(e));
    oneOfMessages.set(oneOf, explainOneOf(oneOf, branches));
  }
  const messages = errors.flatMap((e) => (inside.has(e) ? [] : (oneOfMessages.get(e) ?? [describeError(e)])));
  return [...new Set(messages)];
}

function explainOneOf(oneOf: ErrorObject, branches: ErrorObject[]): string[] {
  const path = fieldPath(oneOf.instancePath);
  if ((oneOf.params as { passingSchemas: number[] | null }).passingSchemas) {
    return [oneOf.instancePath === '' ? 'grant has both recipientOrganization and recipientIndividual; it must have exactly one' : `${path} matches more than one allowed form`];
  }
  if (branches.length && branches.every((e) => e.keyword === 'format' || e.keyword === 'pattern')) {
    const partial = branches.some((e) => e.keyword === 'pattern' && String(e.params.pattern).includes(')?$'));
    return [`${path} must be a date as YYYY-MM-DD${partial ? ', YYYY-MM or YYYY' : ''}, or a date-time such as 2025-03-14T09:00:00Z (got ${shown(oneOf.data)})`];
  }
  if (branches.length && branches.every((e) => e.keyword === 'required' && e.instancePath === oneOf.instancePath)) {
    // Properties every alternative requires are simply missing; the rest are the choice.
    const byBranch = new Map<string, Set<string>>();
    for (const e of branches) {
      const branch = e.schemaPath.slice(oneOf.schemaPath.length + 1).split('/')[0];
      if (!byBranch.has(branch)) byBranch.set(branch, new Set());
      byBranch.get(branch)!.add((e.params as { missingProperty: string }).missingProperty);
    }
    const sets = [...byBranch.values()];
    const inAll = [...sets[0]].filter((p) => sets.every((s) => s.has(p)));
    // An alternative missing nothing else is met (the grant has its recipient): no choice to report.
    const choiceMet = sets.some((s) => [...s].every((p) => inAll.includes(p)));
    const choice = [...new Set(sets.flatMap((s) => [...s].filter((p) => !inAll.includes(p))))];
    return [
      ...inAll.map((p) => `${fieldPath(oneOf.instancePath, p)} is required`),
      ...(choiceMet ? [] : [`${path} needs one of ${choice.join(' or ')}`]),
    ];
  }
  return [`${path} must match one of: ${branches.map(describeError).join('; or ') || 'the allowed forms'}`];
}

// ---------------------------------------------------------------------------------------------
// The DQT's additional checks that can fire on grants we write
// (left out: checks against org-id.guide's register list, and "usefulness" hints such as
// RecipientOrg360GPrefix that would flag every unregistered community group a vote funds)
// ---------------------------------------------------------------------------------------------

const LINE_BREAK = /[\r\n]/;
const EMAIL = /[\w.-]+@[\w.-]+\.[\w.-]+/;
const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/** The closed codelists (openCodelist: false) of the schema, from the standard's codelists/*.csv. */
const CODELISTS = {
  locationScope: new Set(['GLS010', 'GLS020', 'GLS030', 'GLS040', 'GLS050', 'GLS060', 'GLS099']),
  regrantType: new Set(['FRG010', 'FRG020', 'FRG030', 'FRG040', 'FRG050', 'FRG060', 'FRG070']),
  grantToIndividualsReason: new Set(['GTIR010', 'GTIR020', 'GTIR030', 'GTIR040', 'GTIR050', 'GTIR060', 'GTIR070', 'GTIR080', 'GTIR090', 'GTIR100', 'GTIR110', 'GTIR120']),
  grantToIndividualsPurpose: new Set([
    'GTIP010', 'GTIP020', 'GTIP030', 'GTIP040', 'GTIP050', 'GTIP060', 'GTIP070', 'GTIP080', 'GTIP090',
    'GTIP100', 'GTIP110', 'GTIP120', 'GTIP130', 'GTIP140', 'GTIP150', 'GTIP160', 'GTIP170',
  ]),
};

function checkGrant(grant: ThreeSixtyGivingGrant, today: string): ThreeSixtyGivingProblem[] {
  const id = typeof grant.id === 'string' ? grant.id : null;
  const found: ThreeSixtyGivingProblem[] = [];
  const flag = (check: CheckName, message: string) => found.push(problem(check, id, message));

  if (grant.amountAwarded === 0) flag('ZeroAmountTest', 'Amount awarded is 0; 360Giving treats a grant of nothing as a mistake');
  if (typeof grant.id === 'string' && LINE_BREAK.test(grant.id)) flag('GrantIdUnexpectedChars', 'The grant identifier contains a line break; GrantNav would drop the grant');

  const organisations = [
    ...(grant.fundingOrganization ?? []).map((o, i) => ({ o, where: `fundingOrganization[${i}]` })),
    ...(grant.recipientOrganization ?? []).map((o, i) => ({ o, where: `recipientOrganization[${i}]` })),
  ];
  for (const { o, where } of organisations) {
    if (typeof o?.id !== 'string') continue; // the schema says so
    if (LINE_BREAK.test(o.id)) flag('OrganizationIdUnexpectedChars', `${where}.id contains a line break; GrantNav would drop the grant`);
    const charity = o.id.match(/^GB-CHC-(.*)$/s);
    if (charity && !/^\d{6,7}$/.test(charity[1])) flag('OrganizationIdLooksInvalid', `${where}.id ${shown(o.id)}: a charity number in England and Wales has 6 or 7 digits`);
    const company = o.id.match(/^GB-COH-(.*)$/s);
    if (company && !/^\w{8}$/.test(company[1])) flag('OrganizationIdLooksInvalid', `${where}.id ${shown(o.id)}: a company number has 8 characters, leading zeros included`);
  }
  (grant.recipientOrganization ?? []).forEach((o, i) => {
    if (o?.charityNumber !== undefined && !/^\d{6,7}$/.test(String(o.charityNumber).replace(/^[A-Za-z]{2}/, ''))) {
      flag('RecipientOrgCharityNumber', `recipientOrganization[${i}].charityNumber ${shown(o.charityNumber)} is not a 6 or 7 digit number`);
    }
    if (o?.companyNumber !== undefined && !/^\w{8}$/.test(String(o.companyNumber))) {
      flag('RecipientOrgCompanyNumber', `recipientOrganization[${i}].companyNumber ${shown(o.companyNumber)} is not 8 characters (leading zeros matter)`);
    }
  });

  // Personal data: say where, not what, so the address is not copied into logs and screens.
  for (const where of stringsMatching(grant, EMAIL)) flag('LooksLikeEmail', `${where} looks like it contains an email address`);
  (grant.beneficiaryLocation ?? []).forEach((l, i) => {
    if (typeof l?.geoCode === 'string' && UK_POSTCODE.test(l.geoCode.trim())) flag('GeoCodePostcode', `beneficiaryLocation[${i}].geoCode looks like a postcode; publish an area code (e.g. a ward), not an address`);
  });
  if (grant.recipientIndividual && 'project' in grant) flag('RecipientIndDEI', 'A grant to an individual must not carry diversity (DEI) data');

  found.push(...checkDates(grant, id, today));

  if (typeof grant.title === 'string' && [...grant.title].length > 140) flag('TitleLength', `The title is ${[...grant.title].length} characters; 360Giving asks for at most 140`);
  if (typeof grant.title === 'string' && grant.title === grant.description) flag('TitleDescriptionSame', 'The title and the description are the same; the description should say more');

  const coded: Array<[string, unknown, Set<string>]> = [
    ['locationScope', grant.locationScope, CODELISTS.locationScope],
    ['regrantType', grant.regrantType, CODELISTS.regrantType],
    ['toIndividualsDetails.primaryGrantReason', grant.toIndividualsDetails?.primaryGrantReason, CODELISTS.grantToIndividualsReason],
    ['toIndividualsDetails.secondaryGrantReason', grant.toIndividualsDetails?.secondaryGrantReason, CODELISTS.grantToIndividualsReason],
    ...(Array.isArray(grant.toIndividualsDetails?.grantPurpose) ? grant.toIndividualsDetails.grantPurpose : []).map(
      (code, i): [string, unknown, Set<string>] => [`toIndividualsDetails.grantPurpose[${i}]`, code, CODELISTS.grantToIndividualsPurpose],
    ),
  ];
  for (const [where, value, codes] of coded) {
    if (typeof value === 'string' && !codes.has(value)) flag('Codelist', `${where} ${shown(value)} is not a code of its codelist (${[...codes][0]}…)`);
  }
  return found;
}

/** Paths of the string values matching `pattern`, skipping fields meant for email addresses. */
function stringsMatching(value: unknown, pattern: RegExp, path = ''): string[] {
  if (typeof value === 'string') return pattern.test(value) ? [path || 'grant'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsMatching(item, pattern, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (/email/i.test(key) ? [] : stringsMatching(item, pattern, path ? `${path}.${key}` : key)));
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Dates. The schema allows YYYY-MM-DD, date-times, and (planned/actual dates) YYYY-MM or YYYY.
// ---------------------------------------------------------------------------------------------

/** False for a day the calendar does not have, such as 2025-02-30; partial dates have no day to be wrong. */
function isRealDate(value: string): boolean {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Compares as far as both are given: "2025" is neither before nor after "2025-06-01". */
function compareDates(a: string, b: string): number {
  const n = Math.min(a.length, b.length, 10);
  return a.slice(0, n) < b.slice(0, n) ? -1 : a.slice(0, n) > b.slice(0, n) ? 1 : 0;
}

function yearsFrom(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4, 10)}`;
}

function checkDates(grant: ThreeSixtyGivingGrant, id: string | null, today: string): ThreeSixtyGivingProblem[] {
  const found: ThreeSixtyGivingProblem[] = [];
  const flag = (check: CheckName, message: string) => found.push(problem(check, id, message));
  const farPast = yearsFrom(today, -25);
  const dated: Array<{ where: string; value: string }> = [];
  if (typeof grant.awardDate === 'string') dated.push({ where: 'awardDate', value: grant.awardDate });

  const events = [
    { field: 'plannedDates', list: grant.plannedDates, orderCheck: 'PlannedStartDateBeforeEndDate', futureCheck: 'FarFuturePlannedDates', futureYears: 12 },
    { field: 'actualDates', list: grant.actualDates, orderCheck: 'ActualStartDateBeforeEndDate', futureCheck: 'FarFutureActualDates', futureYears: 5 },
  ] as const;
  for (const { field, list, orderCheck, futureCheck, futureYears } of events) {
    const farFuture = yearsFrom(today, futureYears);
    (Array.isArray(list) ? list : []).forEach((event, i) => {
      const { startDate, endDate } = event ?? {};
      for (const [name, value] of [['startDate', startDate], ['endDate', endDate]] as const) {
        if (typeof value !== 'string') continue;
        dated.push({ where: `${field}[${i}].${name}`, value });
        if (compareDates(value, farFuture) > 0) flag(futureCheck, `${field}[${i}].${name} ${value} is more than ${futureYears} years ahead`);
      }
      if (typeof startDate === 'string' && typeof endDate === 'string' && compareDates(startDate, endDate) > 0) {
        flag(orderCheck, `${field}[${i}] starts (${startDate}) after it ends (${endDate})`);
      }
    });
  }

  for (const { where, value } of dated) {
    if (!isRealDate(value)) flag('ImpossibleDates', `${where} ${value} is not a real date`);
    if (compareDates(value, farPast) < 0) flag('FarPastDates', `${where} ${value} is more than 25 years ago`);
  }
  if (typeof grant.awardDate === 'string' && compareDates(grant.awardDate, today) > 0) {
    flag('PostDatedAwardDates', `awardDate ${grant.awardDate} is after today (${today}); a grant is published once it is awarded`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Across grants
// ---------------------------------------------------------------------------------------------

/** The schema's uniqueItems only catches identical grants; two grants may not share an id. */
function checkDuplicateIds(grants: readonly ThreeSixtyGivingGrant[]): ThreeSixtyGivingProblem[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  const found: ThreeSixtyGivingProblem[] = [];
  for (const { id } of grants) {
    if (typeof id !== 'string') continue;
    if (seen.has(id) && !reported.has(id)) {
      reported.add(id);
      found.push(problem('DuplicateGrantId', id, `More than one grant has the identifier ${shown(id)}`));
    }
    seen.add(id);
  }
  return found;
}

function checkFundingOrganisations(grants: readonly ThreeSixtyGivingGrant[]): ThreeSixtyGivingProblem[] {
  const namesById = new Map<string, Set<string>>();
  const idsByName = new Map<string, Set<string>>();
  for (const grant of grants) {
    for (const o of Array.isArray(grant.fundingOrganization) ? grant.fundingOrganization : []) {
      if (typeof o?.id !== 'string' || typeof o.name !== 'string') continue;
      if (!namesById.has(o.id)) namesById.set(o.id, new Set());
      namesById.get(o.id)!.add(o.name);
      if (!idsByName.has(o.name)) idsByName.set(o.name, new Set());
      idsByName.get(o.name)!.add(o.id);
    }
  }
  const found: ThreeSixtyGivingProblem[] = [];
  if (namesById.size > 1) {
    found.push(problem('MoreThanOneFundingOrg', null, `The file has ${namesById.size} funding organisations (${[...namesById.keys()].join(', ')}); expected for a pooled fund, and 360Giving will point it out`));
  }
  for (const [orgId, names] of namesById) {
    if (names.size > 1) found.push(problem('MultiFundingNamesForOrgId', null, `Funding organisation ${orgId} appears under ${names.size} names: ${[...names].map(shown).join(', ')}`));
  }
  for (const [name, ids] of idsByName) {
    if (ids.size > 1) found.push(problem('MultiFundingOrgIdsForName', null, `Funding organisation ${shown(name)} appears with ${ids.size} identifiers: ${[...ids].join(', ')}`));
  }
  return found;
}

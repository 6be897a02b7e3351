import { normalisePostcode } from '@commonpurse/kernel';

/**
 * The organisations residents apply for. Many community groups are unregistered; registered
 * ones give the number their register uses, checked for its shape so a typing slip is caught:
 * charities in England and Wales (6–7 digits) or Scotland (SC and 6 digits), companies and CICs
 * at Companies House (8 digits, or 2 letters and 6 digits).
 */
export const ORGANISATION_TYPES = ['unregistered-group', 'charity', 'cio', 'cic', 'company', 'school', 'faith-group', 'individual'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export interface OrganisationProfile {
  name: string;
  type: OrganisationType;
  registrationNumber: string | null;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
}

export type OrganisationField = keyof OrganisationProfile;

const CHARITY = /^(\d{6,7}|SC\d{6})$/;
const COMPANY = /^(\d{8}|[A-Z]{2}\d{6})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// At most 20 characters in all (the column's limit), with at least 10 digits' worth of room.
const PHONE = /^(?=.{10,20}$)\+?[\d\s()-]+$/;

export function registerOf(type: OrganisationType): 'charity' | 'company' | null {
  if (type === 'charity' || type === 'cio') return 'charity';
  if (type === 'cic' || type === 'company') return 'company';
  return null;
}

/** The profile tidied up (upper-case numbers and postcode) and what is wrong with it. */
export function checkOrganisation(input: OrganisationProfile): { profile: OrganisationProfile; problems: Array<{ field: OrganisationField; problem: string }> } {
  const problems: Array<{ field: OrganisationField; problem: string }> = [];
  const text = (value: string | null) => (value ?? '').trim();
  const profile: OrganisationProfile = {
    name: text(input.name),
    type: input.type,
    registrationNumber: text(input.registrationNumber).toUpperCase().replace(/\s+/g, '') || null,
    addressLine1: text(input.addressLine1),
    addressLine2: text(input.addressLine2) || null,
    town: text(input.town),
    postcode: normalisePostcode(text(input.postcode)) ?? text(input.postcode),
    contactName: text(input.contactName),
    contactEmail: text(input.contactEmail).toLowerCase(),
    contactPhone: text(input.contactPhone) || null,
  };
  const required: Array<[OrganisationField, string]> = [
    ['name', 'nameMissing'],
    ['addressLine1', 'addressMissing'],
    ['town', 'townMissing'],
    ['postcode', 'postcodeMissing'],
    ['contactName', 'contactNameMissing'],
    ['contactEmail', 'contactEmailMissing'],
  ];
  for (const [field, problem] of required) if (!profile[field]) problems.push({ field, problem: `applications.organisation.${problem}` });
  const long: Array<[OrganisationField, number]> = [
    ['name', 200],
    ['addressLine1', 200],
    ['addressLine2', 200],
    ['town', 100],
    ['contactName', 100],
    ['contactEmail', 320],
  ];
  for (const [field, max] of long) if ((profile[field] ?? '').length > max) problems.push({ field, problem: `applications.organisation.${field}TooLong` });
  if (!(ORGANISATION_TYPES as readonly string[]).includes(profile.type)) problems.push({ field: 'type', problem: 'applications.organisation.typeMissing' });
  const register = registerOf(profile.type);
  if (register && !profile.registrationNumber) problems.push({ field: 'registrationNumber', problem: `applications.organisation.${register}NumberMissing` });
  else if (register === 'charity' && !CHARITY.test(profile.registrationNumber!)) problems.push({ field: 'registrationNumber', problem: 'applications.organisation.charityNumberShape' });
  else if (register === 'company' && !COMPANY.test(profile.registrationNumber!)) problems.push({ field: 'registrationNumber', problem: 'applications.organisation.companyNumberShape' });
  else if (!register) profile.registrationNumber = null;
  if (profile.postcode && !normalisePostcode(profile.postcode)) problems.push({ field: 'postcode', problem: 'applications.organisation.postcodeShape' });
  if (profile.contactEmail && !EMAIL.test(profile.contactEmail)) problems.push({ field: 'contactEmail', problem: 'applications.organisation.contactEmailShape' });
  if (profile.contactPhone && !PHONE.test(profile.contactPhone)) problems.push({ field: 'contactPhone', problem: 'applications.organisation.contactPhoneShape' });
  return { profile, problems };
}

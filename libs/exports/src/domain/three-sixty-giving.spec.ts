import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type AwardForExport,
  CSV_COLUMN_TITLES,
  csvHeader,
  csvRow,
  grantsCsv,
  grantsPackage,
  OPEN_GOVERNMENT_LICENCE_V3,
  penceToPounds,
  type ThreeSixtyGivingGrant,
  toGrant,
} from './three-sixty-giving';
import { CHECKS, type CheckName, check360Giving, checkHasGrants, validateGrantSchema, validatePackageMetadata } from './three-sixty-giving-checks';

/**
 * The standard's material in ../shared: COMMONPURSE_SHARED_DIR when set; else `shared/` beside any
 * folder above this one; else this machine's /work/shared. Not finding it fails, saying where it looked.
 */
function shared360Giving(): { dir: string | undefined; looked: string[] } {
  const candidates: string[] = [];
  if (process.env.COMMONPURSE_SHARED_DIR) candidates.push(join(process.env.COMMONPURSE_SHARED_DIR, 'standards', '360giving'));
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) candidates.push(join(dir, 'shared', 'standards', '360giving'));
  candidates.push('/work/shared/standards/360giving');
  return { dir: candidates.find((c) => existsSync(join(c, 'SOURCE.txt'))), looked: candidates };
}
const SHARED = shared360Giving();
function sharedFile(name: string): Buffer {
  if (!SHARED.dir) throw new Error(`shared/standards/360giving not found; looked in:\n${SHARED.looked.join('\n')}`);
  return readFileSync(join(SHARED.dir, name));
}

/** RFC 4180, enough to read back what we write and the standard's small CSVs. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

const TODAY = '2025-05-01';

/** A realistic award of a pooled fund: a council and a community foundation, two wards. */
function award(overrides: Partial<AwardForExport> = {}): AwardForExport {
  return {
    awardId: '5f0c3a52-8d4e-4c1b-9a63-2b7e1d9c4f10',
    title: 'Community garden at the Example Road allotments',
    description: 'Raised beds, a tool store and monthly growing sessions for residents, chosen by residents in the spring 2025 vote.',
    amountAwardedPence: 1_250_050,
    amountAppliedForPence: 1_400_000,
    amountDisbursedPence: 625_025,
    currency: 'GBP',
    awardDate: '2025-03-14',
    grantIdPrefix: '360G-examplecouncil',
    fundingOrganisations: [
      { identifier: 'GB-LAE-XXX', name: 'Example Borough Council', department: 'Communities' },
      { identifier: 'GB-CHC-1234567', name: 'Example Community Foundation' },
    ],
    recipient: { kind: 'organisation', internalId: '8d2e0f4a-1b3c-4d5e-8f90-123456789abc', name: 'Example Ward Residents Group', charityNumber: '1098765', postcode: 'zz99 9zz' },
    beneficiaryWards: [
      { name: 'Example Ward', onsCode: 'E05000026' },
      { name: 'Another Ward', onsCode: 'E05000027' },
    ],
    programme: { fundSlug: 'neighbourhood-fund', fundName: 'Neighbourhood Fund', roundSlug: 'spring-2025', roundName: 'Spring 2025', url: 'https://example.org/funds/neighbourhood-fund/spring-2025' },
    plannedDates: { startDate: '2025-04-01', endDate: '2026-03-31', durationMonths: 12 },
    locationScope: 'GLS060',
    fromOpenCall: 'Yes',
    dateModified: '2025-04-01T09:00:00Z',
    dataSource: 'https://example.org/funds/neighbourhood-fund',
    ...overrides,
  };
}

const oneFunder = () => toGrant(award({ fundingOrganisations: [award().fundingOrganisations[0]] }));
const checksOf = (grants: ThreeSixtyGivingGrant[]) => check360Giving(grants, { today: TODAY }).problems;

describe('the shared 360Giving material', () => {
  it('is found', () => {
    expect({ found: SHARED.dir, looked: SHARED.dir ? [] : SHARED.looked }).toEqual({ found: expect.any(String), looked: [] });
  });

  it.each(['360-giving-schema.json', '360-giving-package-schema.json'])('the shipped %s equals the standard byte for byte', (name) => {
    const shipped = readFileSync(join(__dirname, '360giving', 'schema', name));
    expect(shipped.equals(sharedFile(join('schema', name)))).toBe(true);
  });
});

describe('toGrant', () => {
  it('maps an award of a pooled fund to a 360Giving grant', () => {
    expect(toGrant(award())).toEqual({
      id: '360G-examplecouncil-5f0c3a52-8d4e-4c1b-9a63-2b7e1d9c4f10',
      title: 'Community garden at the Example Road allotments',
      description: 'Raised beds, a tool store and monthly growing sessions for residents, chosen by residents in the spring 2025 vote.',
      currency: 'GBP',
      amountAppliedFor: 14000,
      amountAwarded: 12500.5,
      amountDisbursed: 6250.25,
      awardDate: '2025-03-14',
      plannedDates: [{ startDate: '2025-04-01', endDate: '2026-03-31', duration: 12 }],
      recipientOrganization: [{ id: 'GB-CHC-1098765', name: 'Example Ward Residents Group', charityNumber: '1098765', postalCode: 'ZZ99 9ZZ' }],
      beneficiaryLocation: [
        { name: 'Example Ward', countryCode: 'GB', geoCode: 'E05000026', geoCodeType: 'WD' },
        { name: 'Another Ward', countryCode: 'GB', geoCode: 'E05000027', geoCodeType: 'WD' },
      ],
      locationScope: 'GLS060',
      fundingOrganization: [
        { id: 'GB-LAE-XXX', name: 'Example Borough Council', department: 'Communities' },
        { id: 'GB-CHC-1234567', name: 'Example Community Foundation' },
      ],
      grantProgramme: [{ code: 'neighbourhood-fund/spring-2025', title: 'Neighbourhood Fund — Spring 2025', url: 'https://example.org/funds/neighbourhood-fund/spring-2025' }],
      fromOpenCall: 'Yes',
      dateModified: '2025-04-01T09:00:00Z',
      dataSource: 'https://example.org/funds/neighbourhood-fund',
    });
  });

  it('passes every check; its two funders are only pointed out, not blocking', () => {
    const grant = toGrant(award());
    expect(validateGrantSchema(grant)).toEqual([]);
    expect(checksOf([grant])).toEqual([{ grantId: null, check: 'MoreThanOneFundingOrg', message: expect.stringContaining('GB-LAE-XXX, GB-CHC-1234567'), critical: false }]);
    expect(checksOf([oneFunder()])).toEqual([]);
  });

  it.each([
    ['a charity number', { charityNumber: ' 1098765 ', companyNumber: '01234567' }, 'GB-CHC-1098765'],
    ['a Scottish charity number', { charityNumber: 'sc012345' }, 'GB-SC-SC012345'],
    ['a Northern Irish charity number', { charityNumber: 'NIC100001' }, 'GB-NIC-100001'],
    ['only a company number, leading zeros lost', { companyNumber: '1234567' }, 'GB-COH-01234567'],
    ['only a Scottish company number', { companyNumber: 'sc123456' }, 'GB-COH-SC123456'],
    ['no registered number', {}, '360G-examplecouncil-org-8d2e0f4a-1b3c-4d5e-8f90-123456789abc'],
  ])('identifies a recipient organisation with %s', (_, numbers, id) => {
    const grant = toGrant(award({ recipient: { kind: 'organisation', internalId: '8d2e0f4a-1b3c-4d5e-8f90-123456789abc', name: 'Group', ...numbers } }));
    expect(grant.recipientOrganization?.[0].id).toBe(id);
    expect(validateGrantSchema(grant)).toEqual([]);
  });

  it('publishes a grant to an individual under the award id and a generic name only', () => {
    const grant = toGrant(award({ recipient: { kind: 'individual' } }));
    expect(grant.recipientIndividual).toEqual({ id: '360G-examplecouncil-ind-5f0c3a52-8d4e-4c1b-9a63-2b7e1d9c4f10', name: 'Individual Recipient' });
    expect(grant.recipientOrganization).toBeUndefined();
    expect(validateGrantSchema(grant)).toEqual([]);
  });

  it('leaves out planned dates, wards and a scope it was not given', () => {
    const grant = toGrant(award({ plannedDates: undefined, beneficiaryWards: [], locationScope: undefined, amountAppliedForPence: undefined }));
    expect(grant).not.toHaveProperty('plannedDates');
    expect(grant).not.toHaveProperty('beneficiaryLocation');
    expect(grant).not.toHaveProperty('locationScope');
    expect(grant).not.toHaveProperty('amountAppliedFor');
    expect(validateGrantSchema(grant)).toEqual([]);
  });
});

describe('amounts from pence', () => {
  it.each([
    [1999, 19.99],
    [100_000_001, 1_000_000.01],
    [5, 0.05],
    [10, 0.1],
    [0, 0],
    [123_456_789_012_34, 123_456_789_012.34],
    [10n ** 15n + 1n, 10_000_000_000_000.01],
  ])('%p pence is £%p', (pence, pounds) => {
    expect(penceToPounds(pence)).toBe(pounds);
    expect(JSON.stringify(penceToPounds(pence))).toBe(String(pounds));
  });

  it('writes every amount as its pence to at most two decimals, never a float artefact', () => {
    const wrong: string[] = [];
    for (let pence = 0; pence < 300_000; pence += 7) {
      const written = JSON.stringify(penceToPounds(pence));
      if (!/^\d+(\.\d{1,2})?$/.test(written) || Math.round(Number(written) * 100) !== pence) wrong.push(`${pence} → ${written}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([1.5, -1, Number.MAX_SAFE_INTEGER + 2, Number.NaN])('refuses %p pence', (pence) => {
    expect(() => penceToPounds(pence)).toThrow(RangeError);
  });
});

describe('grantsPackage', () => {
  const meta = {
    title: 'Example Borough Council participatory grants 2025-26',
    identifier: '360G-examplecouncil-2025-26',
    issued: '2025-04-02',
    modified: '2025-04-02T10:00:00Z',
    publisher: { name: 'Example Borough Council', identifier: 'GB-LAE-XXX', website: 'https://example.org/' },
    license: OPEN_GOVERNMENT_LICENCE_V3,
  };

  it('is a package the package schema accepts', () => {
    const pkg = grantsPackage([toGrant(award()), toGrant(award({ awardId: '0b8c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4', recipient: { kind: 'individual' } }))], meta);
    expect(pkg).toMatchObject({ version: '1.4', ...meta });
    expect(pkg.grants).toHaveLength(2);
    expect(validatePackageMetadata(pkg)).toEqual([]);
  });

  it('reports bad metadata', () => {
    const pkg = grantsPackage([oneFunder()], { ...meta, license: 'OGL v3', modified: 'yesterday' });
    expect(validatePackageMetadata(pkg)).toEqual([
      expect.objectContaining({ check: 'Schema', critical: true, message: expect.stringMatching(/^modified must be a date as YYYY-MM-DD/) }),
      expect.objectContaining({ check: 'Schema', critical: true, message: 'license must be a valid uri (got "OGL v3")' }),
    ]);
  });

  it('accepts the synthetic example of the shared material', () => {
    expect(validatePackageMetadata(JSON.parse(sharedFile('examples/synthetic-participatory-grants-minimal.json').toString('utf8')))).toEqual([]);
  });
});

describe('schema validation', () => {
  it('accepts every grant Trafford Council published, one by one', () => {
    const trafford = JSON.parse(sharedFile('examples/trafford_council_voluntary_sector_grants.json').toString('utf8')) as { grants: unknown[] };
    expect(trafford.grants).toHaveLength(555);
    expect(trafford.grants.flatMap((grant) => validateGrantSchema(grant))).toEqual([]);
    // Real data through every check: nothing that would block it (a few titles repeat as descriptions).
    expect(check360Giving(trafford.grants as ThreeSixtyGivingGrant[], { today: '2025-01-01' }).problems.filter((p) => p.critical)).toEqual([]);
  });

  it.each<[string, (g: Record<string, unknown>) => void, string[]]>([
    ['a missing title', (g) => delete g.title, ['title is required']],
    ['an amount as text', (g) => (g.amountAwarded = '12'), ['amountAwarded must be a number (got "12")']],
    ['a currency outside ISO 4217', (g) => (g.currency = 'GBX'), ['currency is not one of the allowed values (got "GBX")']],
    ['a date in another format', (g) => (g.awardDate = '14/03/2025'), ['awardDate must be a date as YYYY-MM-DD, or a date-time such as 2025-03-14T09:00:00Z (got "14/03/2025")']],
    [
      'a planned date in another format',
      (g) => (g.plannedDates = [{ startDate: 'April 2025' }]),
      ['plannedDates[0].startDate must be a date as YYYY-MM-DD, YYYY-MM or YYYY, or a date-time such as 2025-03-14T09:00:00Z (got "April 2025")'],
    ],
    ['no recipient', (g) => delete g.recipientOrganization, ['grant needs one of recipientOrganization or recipientIndividual']],
    ['two kinds of recipient', (g) => (g.recipientIndividual = { id: 'x', name: 'Individual Recipient' }), ['grant has both recipientOrganization and recipientIndividual; it must have exactly one']],
    ['a funder without a name', (g) => ((g.fundingOrganization as object[])[0] = { id: 'GB-LAE-XXX' }), ['fundingOrganization[0].name is required']],
    ['no funder', (g) => (g.fundingOrganization = []), ['fundingOrganization must NOT have fewer than 1 items']],
  ])('explains %s', (_, spoil, messages) => {
    const grant = structuredClone(oneFunder()) as unknown as Record<string, unknown>;
    spoil(grant);
    const problems = validateGrantSchema(grant);
    expect(problems.map((p) => p.message)).toEqual(messages);
    expect(problems.every((p) => p.check === 'Schema' && p.critical && p.grantId === grant.id)).toBe(true);
    expect(checksOf([grant as unknown as ThreeSixtyGivingGrant]).filter((p) => p.check === 'Schema')).toEqual(problems);
  });
});

describe('the data quality checks', () => {
  const grant = (change: (g: ThreeSixtyGivingGrant) => void, base = oneFunder()): ThreeSixtyGivingGrant => {
    const copy = structuredClone(base);
    change(copy);
    return copy;
  };
  const individual = toGrant(award({ recipient: { kind: 'individual' }, fundingOrganisations: [award().fundingOrganisations[0]] }));
  const second = (change: (g: ThreeSixtyGivingGrant) => void) => grant((g) => ((g.id = `${g.id}-2`), change(g)));

  const cases: Array<[CheckName, ThreeSixtyGivingGrant[]]> = [
    ['ZeroAmountTest', [grant((g) => (g.amountAwarded = 0))]],
    ['OrganizationIdUnexpectedChars', [grant((g) => (g.fundingOrganization[0].id = 'GB-LAE-XXX\n'))]],
    ['GrantIdUnexpectedChars', [grant((g) => (g.id = `${g.id}\r\n`))]],
    ['OrganizationIdLooksInvalid', [grant((g) => (g.recipientOrganization![0].id = 'GB-CHC-12345'))]],
    ['OrganizationIdLooksInvalid', [grant((g) => (g.fundingOrganization[0].id = 'GB-COH-1234567'))]],
    ['RecipientOrgCharityNumber', [grant((g) => (g.recipientOrganization![0].charityNumber = '1098765-1'))]],
    ['RecipientOrgCompanyNumber', [grant((g) => (g.recipientOrganization![0].companyNumber = '1234567'))]],
    ['MoreThanOneFundingOrg', [oneFunder(), second((g) => (g.fundingOrganization = [{ id: 'GB-CHC-1234567', name: 'Example Community Foundation' }]))]],
    ['MultiFundingNamesForOrgId', [oneFunder(), second((g) => (g.fundingOrganization[0].name = 'Example BC'))]],
    ['MultiFundingOrgIdsForName', [oneFunder(), second((g) => (g.fundingOrganization[0].id = 'GB-LAE-XXY'))]],
    ['LooksLikeEmail', [grant((g) => (g.description = 'Ask jo.bloggs@example.org for a plot'))]],
    ['GeoCodePostcode', [grant((g) => (g.beneficiaryLocation![0].geoCode = 'ZZ99 9ZZ'))]],
    ['RecipientIndDEI', [grant((g) => Object.assign(g, { project: [{ title: 'DEI' }] }), individual)]],
    ['ImpossibleDates', [grant((g) => (g.awardDate = '2025-02-29'))]],
    ['ImpossibleDates', [grant((g) => (g.plannedDates = [{ startDate: '2025-04-31' }]))]],
    ['PostDatedAwardDates', [grant((g) => (g.awardDate = '2025-05-02'))]],
    ['PlannedStartDateBeforeEndDate', [grant((g) => (g.plannedDates = [{ startDate: '2026-04-01', endDate: '2025-04-01' }]))]],
    ['ActualStartDateBeforeEndDate', [grant((g) => (g.actualDates = [{ startDate: '2025-09', endDate: '2025-08' }]))]],
    ['FarFuturePlannedDates', [grant((g) => (g.plannedDates = [{ startDate: '2025-06-01', endDate: '2037-05-02' }]))]],
    ['FarFutureActualDates', [grant((g) => (g.actualDates = [{ startDate: '2025-06-01', endDate: '2031' }]))]],
    ['FarPastDates', [grant((g) => (g.awardDate = '2000-04-30'))]],
    ['TitleLength', [grant((g) => (g.title = 'A'.repeat(141)))]],
    ['TitleDescriptionSame', [grant((g) => (g.description = g.title))]],
    ['Codelist', [grant((g) => (g.locationScope = 'GLS061'))]],
    ['Codelist', [grant((g) => (g.regrantType = 'Common Regrant'))]],
    ['Codelist', [grant((g) => (g.toIndividualsDetails = { primaryGrantReason: 'GTIR120', grantPurpose: ['GTIP160', 'GTIP999'] }), individual)]],
    ['Schema', [grant((g) => delete (g as Partial<ThreeSixtyGivingGrant>).title)]],
    ['NoGrants', []],
  ];

  it.each(cases)('%s fires', (check, grants) => {
    const fileLevel = grants.length !== 1;
    expect(checksOf(grants)).toContainEqual({ grantId: fileLevel ? null : grants[0].id, check, message: expect.any(String), critical: CHECKS[check].critical });
  });

  it('are each tested here', () => {
    const tested = new Set([...cases.map(([check]) => check), 'DuplicateGrantId']);
    expect([...tested].sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('stay quiet on the edges of what they allow', () => {
    const fine = [
      grant((g) => (g.awardDate = TODAY)),
      grant((g) => (g.awardDate = '2024-02-29')),
      grant((g) => (g.plannedDates = [{ startDate: '2025', endDate: '2025-06-01' }])),
      grant((g) => (g.plannedDates = [{ startDate: '2025-06-01', endDate: '2037-05-01' }])),
      grant((g) => (g.awardDate = '2000-05-01')),
      grant((g) => (g.title = 'A'.repeat(140))),
      // An address in a field meant for one is not a leak.
      grant((g) => Object.assign(g.recipientOrganization![0], { id: 'GB-COH-SC123456', charityNumber: 'SC012345', companyNumber: 'SC123456', email: 'info@example.org' })),
    ].map((g, i) => ({ ...g, id: `${g.id}-${i}` }));
    expect(checksOf(fine)).toEqual([]);
  });

  it('says where an email address is without repeating it', () => {
    const [found] = checksOf([grant((g) => (g.recipientOrganization![0].name = 'Friends of the Park (jo@example.org)'))]);
    expect(found).toEqual({ grantId: oneFunder().id, check: 'LooksLikeEmail', message: 'recipientOrganization[0].name looks like it contains an email address', critical: true });
  });

  it('reports each duplicated grant id once, in one pass', () => {
    const a = oneFunder();
    const b = { ...oneFunder(), id: `${a.id}-b`, amountAwarded: 10 };
    const problems = checksOf([a, b, { ...a, title: 'Another title' }, { ...b, title: 'Third' }, a]);
    expect(problems.filter((p) => p.check === 'DuplicateGrantId')).toEqual([
      { grantId: a.id, check: 'DuplicateGrantId', message: expect.stringContaining(a.id), critical: true },
      { grantId: b.id, check: 'DuplicateGrantId', message: expect.stringContaining(b.id), critical: true },
    ]);
  });

  it('needs at least one grant', () => {
    expect(checkHasGrants([])).toEqual({ grantId: null, check: 'NoGrants', message: '360Giving needs at least one grant; this period has no awards', critical: true });
    expect(checkHasGrants([oneFunder()])).toBeNull();
  });

  it('wants today as a calendar day', () => {
    expect(() => check360Giving([oneFunder()], { today: '1 May 2025' })).toThrow(RangeError);
  });
});

describe('CSV', () => {
  it('has the columns of the template grants sheet, in order', () => {
    const [head, ...rows] = parseCsv(sharedFile('grants-sheet-columns.csv').toString('utf8'));
    expect(head[0]).toBe('column_title');
    const titles = rows.map((row) => row[0]);
    expect(titles).toHaveLength(46);
    expect(CSV_COLUMN_TITLES).toEqual(titles);
    expect(csvHeader()).toBe(`${titles.join(',')}\r\n`);
  });

  it('writes a grant under its columns', () => {
    const [row] = parseCsv(csvRow(toGrant(award())));
    const cell = Object.fromEntries(CSV_COLUMN_TITLES.map((title, i) => [title, row[i]]));
    expect(row).toHaveLength(46);
    expect(cell).toMatchObject({
      Identifier: '360G-examplecouncil-5f0c3a52-8d4e-4c1b-9a63-2b7e1d9c4f10',
      'Amount Awarded': '12500.5',
      'Amount Applied For': '14000',
      'Recipient Org:Identifier': 'GB-CHC-1098765',
      'Planned Dates:Duration (months)': '12',
      // Several funders or wards: every one, ";"-separated, the n-th of each column together.
      'Funding Org:Identifier': 'GB-LAE-XXX;GB-CHC-1234567',
      'Funding Org:Name': 'Example Borough Council;Example Community Foundation',
      'Funding Org:Department': 'Communities;',
      'Beneficiary Location:Geographic Code': 'E05000026;E05000027',
      'Beneficiary Location:Latitude': '',
      'Grant Programme:Title': 'Neighbourhood Fund — Spring 2025',
      'Recipient Ind:Identifier': '',
    });
  });

  it('quotes commas, quotes and line breaks, and defuses formulas in text cells only', () => {
    const grant = grant360({
      title: 'Say "hello", neighbours',
      description: 'Line one\r\nLine two\nLine three',
      amountAwarded: -12.5,
      recipientOrganization: [{ id: '360G-examplecouncil-org-1', name: '=HYPERLINK("https://evil.example","Click")' }],
      fundingOrganization: [{ id: 'GB-LAE-XXX', name: '+Example', department: '-Communities' }],
      grantProgramme: [{ code: '@SUM(A1:A9)', title: '\tTabbed' }],
    });
    const line = csvRow(grant);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain('"Say ""hello"", neighbours"');
    const rows = parseCsv(line);
    expect(rows).toHaveLength(1);
    const cell = Object.fromEntries(CSV_COLUMN_TITLES.map((title, i) => [title, rows[0][i]]));
    expect(cell).toMatchObject({
      Title: 'Say "hello", neighbours',
      Description: 'Line one\r\nLine two\nLine three',
      'Amount Awarded': '-12.5',
      'Recipient Org:Name': `'=HYPERLINK("https://evil.example","Click")`,
      'Funding Org:Name': "'+Example",
      'Funding Org:Department': "'-Communities",
      'Grant Programme:Code': "'@SUM(A1:A9)",
      'Grant Programme:Title': "'\tTabbed",
    });
  });

  it('writes a whole file as header and rows', () => {
    const grants = [oneFunder(), toGrant(award({ awardId: 'b', recipient: { kind: 'individual' } }))];
    const rows = parseCsv(grantsCsv(grants));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([...CSV_COLUMN_TITLES]);
    expect(rows[2][CSV_COLUMN_TITLES.indexOf('Recipient Ind:Name')]).toBe('Individual Recipient');
  });
});

function grant360(fields: Partial<ThreeSixtyGivingGrant>): ThreeSixtyGivingGrant {
  return { ...oneFunder(), ...fields };
}

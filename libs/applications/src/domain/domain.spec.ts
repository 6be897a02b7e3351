import { applicationsCsv, csvField } from '../http/applications-csv';
import { checkOrganisation, type OrganisationProfile } from './applicant-organisation';
import { budgetTotal, checkAnswers, checkBudget, checkProject, isRealDate, sectionsFor, wordCount } from './application-form';
import { canWithdraw, editableBy } from './application-status';
import { checkEligibility } from './eligibility';
import { safeFileName, sniff, zipEntryNames } from './file-types';
import { referenceFor } from './reference';

/** A zip archive with these entry names (stored, not compressed): enough for the sniffer, which reads names only. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('what an uploaded file really is', () => {
  it('knows documents and pictures by their first bytes', () => {
    expect(sniff(Buffer.from('%PDF-1.7 ...'), 'x.bin')).toEqual({ mime: 'application/pdf', extension: 'pdf' });
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'photo')).toMatchObject({ extension: 'jpg' });
    expect(sniff(Buffer.from('name,amount\nSeeds,12\n'), 'budget.csv')).toMatchObject({ extension: 'csv' });
  });

  it('refuses programs whatever they are called, and zips that are not office documents', () => {
    expect(sniff(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), 'quote.pdf')).toBeNull();
    expect(sniff(Buffer.from('name\u0000,amount'), 'budget.csv')).toBeNull();
    expect(sniff(zip(['[Content_Types].xml', 'word/document.xml']), 'a.docx')).toMatchObject({ extension: 'docx' });
    expect(sniff(zip(['[Content_Types].xml', 'xl/workbook.xml']), 'a.xlsx')).toMatchObject({ extension: 'xlsx' });
    expect(sniff(zip(['payload.exe', 'xl/x']), 'a.xlsx')).toBeNull();
    expect(sniff(zip(['[Content_Types].xml', 'word/document.xml', 'word/run.exe']), 'a.docx')).toBeNull();
    expect(sniff(zip(['readme.txt']), 'a.zip')).toBeNull();
    expect(zipEntryNames(Buffer.from('PK\u0003\u0004 and nothing else'))).toBeNull();
  });

  it('gives a stored file a safe name to download by', () => {
    expect(safeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(safeFileName('C:\\\\Users\\\\jo\\\\Quote "final".docx', 'docx')).toBe('Quote final.docx');
    expect(safeFileName('', 'png')).toBe('file.png');
  });
});

describe('the application form’s checks', () => {
  it('tells shape from completeness', () => {
    const problems = checkProject({ title: '', summary: 'x'.repeat(141), description: 'ok', startOn: 'invalid', endOn: null });
    expect(problems.map((p) => [p.field, p.kind])).toEqual([
      ['title', 'incomplete'],
      ['summary', 'malformed'],
      ['startOn', 'malformed'],
      ['endOn', 'incomplete'],
    ]);
  });

  it('needs budget lines that add up to the amount, within the grant limits', () => {
    const round = { grantMinPence: 500_00, grantMaxPence: 5_000_00 };
    expect(checkBudget({ amountPence: 1_000_00, lines: [{ item: 'A', amountPence: 600_00, otherFundingPence: null }, { item: 'B', amountPence: 400_00, otherFundingPence: 50_00 }] }, round)).toEqual([]);
    expect(checkBudget({ amountPence: 1_000_00, lines: [{ item: 'A', amountPence: 600_00, otherFundingPence: null }] }, round).map((p) => p.problem)).toEqual(['applications.form.linesDoNotAddUp']);
    expect(checkBudget({ amountPence: 9_000_00, lines: [] }, round).map((p) => p.field)).toEqual(['amount', 'lines']);
    expect(budgetTotal([{ item: 'A', amountPence: 1, otherFundingPence: null }, { item: 'B', amountPence: 'invalid', otherFundingPence: null }])).toBe(1);
  });

  it('checks each kind of answer', () => {
    const questions = [
      { id: 'a', type: 'number', label: 'A', required: true, wordLimit: null, options: [] },
      { id: 'b', type: 'multiple-choice', label: 'B', required: false, wordLimit: null, options: ['x', 'y'] },
      { id: 'c', type: 'long-text', label: 'C', required: false, wordLimit: 3, options: [] },
      { id: 'd', type: 'date', label: 'D', required: false, wordLimit: null, options: [] },
    ];
    expect(checkAnswers({ a: 4, b: ['x'], c: 'one two three', d: '2024-02-29' }, { questions }, [])).toEqual([]);
    expect(checkAnswers({ a: null, b: ['z'], c: 'one two three four', d: '2023-02-29' }, { questions }, []).map((p) => p.field)).toEqual(['q-a', 'q-b', 'q-c', 'q-d']);
    expect(isRealDate('2027-02-30')).toBe(false);
    expect(wordCount('  two   words ')).toBe(2);
  });

  it('asks the round’s own questions only when it has some', () => {
    expect(sectionsFor({ questions: [] })).toEqual(['organisation', 'project', 'where', 'budget', 'documents']);
  });
});

describe('organisations', () => {
  const profile = (changes: Partial<OrganisationProfile>): OrganisationProfile => ({ name: 'Group', type: 'charity', registrationNumber: '1123456', addressLine1: '1 Road', addressLine2: null, town: 'Bristol', postcode: 'bs5 6ah', contactName: 'Jo', contactEmail: 'JO@example.org', contactPhone: null, ...changes });

  it('tidies a profile and checks each register’s number', () => {
    const { profile: tidied, problems } = checkOrganisation(profile({}));
    expect(problems).toEqual([]);
    expect(tidied).toMatchObject({ postcode: 'BS5 6AH', contactEmail: 'jo@example.org' });
    expect(checkOrganisation(profile({ registrationNumber: 'sc012345' })).problems).toEqual([]);
    expect(checkOrganisation(profile({ type: 'cic', registrationNumber: '1234567' })).problems.map((p) => p.problem)).toEqual(['applications.organisation.companyNumberShape']);
    expect(checkOrganisation(profile({ type: 'company', registrationNumber: 'ab123456' })).problems).toEqual([]);
    expect(checkOrganisation(profile({ type: 'unregistered-group', registrationNumber: 'anything' })).profile.registrationNumber).toBeNull();
    expect(checkOrganisation(profile({ contactPhone: '+' + '4'.repeat(20) })).problems.map((p) => p.field)).toEqual(['contactPhone']);
  });
});

describe('where an application stands', () => {
  const soon = new Date(Date.now() + 1000);
  it('is open to its applicants until the deadline, after that only when sent back, until its date', () => {
    expect(editableBy('draft', null, new Date())).toBe('applications-phase');
    expect(editableBy('eligible', null, new Date())).toBe('applications-phase');
    expect(editableBy('needs-info', soon, new Date())).toBe('reopened');
    expect(editableBy('needs-info', new Date(Date.now() - 1000), new Date())).toBe(false);
    expect(editableBy('withdrawn', null, new Date())).toBe(false);
    expect([canWithdraw('submitted'), canWithdraw('withdrawn'), canWithdraw('ineligible')]).toEqual([true, false, false]);
  });

  it('runs the automatic checks, leaving wards to a person', () => {
    const checks = checkEligibility({ organisationInArea: undefined, amountPence: 600_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, organisationType: 'individual', eligibleTypes: ['charity'], missingRequiredAnswers: 1 });
    expect(checks.map((c) => c.outcome)).toEqual(['unknown', 'pass', 'fail', 'fail']);
  });

  it('gives a reference from the round’s initials and year', () => {
    expect(referenceFor('Neighbours Together 2027', 42)).toBe('NT27-0042');
    expect(referenceFor('Gŵyl Gymunedol', 1)).toBe('GG-0001');
    expect(referenceFor('2027', 7)).toBe('APP27-0007');
  });
});

describe('the CSV export', () => {
  it('defuses what a spreadsheet would run as a formula, and quotes what needs it', () => {
    expect(csvField('=HYPERLINK("http://evil.example","Click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csvField('+44 117')).toBe("'+44 117");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField(null)).toBe('');
    const csv = applicationsCsv({ lots: [], criteria: [] } as never, [
      { reference: 'A-0001', title: '-2+3', organisationName: 'Group', status: 'submitted', stage: 'full', amountPence: 12_345, lotId: null, areaCode: 'BS5', criterionIds: [], submittedAt: null, summary: 'S' } as never,
    ]);
    expect(csv.split('\r\n')[1]).toBe("A-0001,'-2+3,Group,submitted,full,123.45,,BS5,,,S");
  });
});

import { createHash } from 'node:crypto';
import { identifierDigest, normaliseIdentifier, readEligibilityList } from './council-list';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const file = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('the council’s eligibility list', () => {
  it('digests an identifier by its letters and digits in capitals, as the council must', () => {
    expect(normaliseIdentifier(' ab-123 4 ')).toBe('AB1234');
    expect(identifierDigest('ab-123 4')).toBe(sha('AB1234'));
    expect(identifierDigest('AB1234')).toBe(identifierDigest('a b 1 2 3 4'));
    expect(identifierDigest('AB1234')).not.toBe(identifierDigest('AB1235'));
  });

  it('reads a headed CSV by its identifier_sha256 column, and a bare list of digests', () => {
    const [a, b] = [sha('AB1'), sha('AB2')];
    expect(readEligibilityList(file('ward,Identifier_SHA256', `Easton,"${a}"`, `Lawrence Hill,${b.toUpperCase()}`, ''))).toEqual({ ok: true, digests: [a, b], duplicates: 0 });
    expect(readEligibilityList(file(a, b, a))).toEqual({ ok: true, digests: [a, b], duplicates: 1 });
    // A quoted cell may hold commas (and quotes): the columns still line up.
    expect(readEligibilityList(file('address,identifier_sha256,note', `"1 Easton Road, Bristol",${a},"said ""hi"""`, `"Flat 2, 3 Lawrence Hill, Bristol", "${b}" ,`))).toEqual({ ok: true, digests: [a, b], duplicates: 0 });
    expect(readEligibilityList(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file(IDENTIFIER, a)]))).toEqual({ ok: true, digests: [a], duplicates: 0 });
  });

  it('names the lines that are not digests and takes nothing from such a file', () => {
    const a = sha('AB1');
    expect(readEligibilityList(file(IDENTIFIER, a, 'AB1234', `${a}0`))).toEqual({ ok: false, problems: [{ line: 3, problem: 'notDigest' }, { line: 4, problem: 'notDigest' }] });
    expect(readEligibilityList(file('name,postcode', 'Jo,BS5 6XY'))).toEqual({ ok: false, problems: [{ line: 1, problem: 'noColumn' }] });
    expect(readEligibilityList(file(IDENTIFIER, ''))).toEqual({ ok: false, problems: [{ problem: 'empty' }] });
    expect(readEligibilityList(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, problems: [{ problem: 'notText' }] });
  });
});

const IDENTIFIER = 'identifier_sha256';

import { randomBytes } from 'node:crypto';
import { newReceipt, normaliseReceipt, publishedBallotId } from './receipt';

describe('receipts', () => {
  it('are four groups of four unambiguous characters, different every time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newReceipt(randomBytes)));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(newReceipt(() => Buffer.alloc(10))).toBe('0000-0000-0000-0000');
    expect(newReceipt(() => Buffer.alloc(10, 0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
  });

  it('read back however they are typed, and refuse what cannot be one', () => {
    expect(normaliseReceipt(' 7k3p-qrst vwxy 0o1l ')).toBe('7K3P-QRST-VWXY-0011');
    expect(normaliseReceipt('7K3P-QRST-VWXY')).toBeNull();
    expect(normaliseReceipt('7K3P-QRST-VWXY-001U')).toBeNull();
  });

  it('find the ballot by an id that does not give the receipt away', () => {
    const receipt = '7K3P-QRST-VWXY-0011';
    expect(publishedBallotId(receipt)).toMatch(/^[0-9a-f]{20}$/);
    expect(publishedBallotId(receipt)).toBe(publishedBallotId(normaliseReceipt('7k3p qrst vwxy 0o1l')!));
    expect(publishedBallotId(receipt)).not.toBe(publishedBallotId('7K3P-QRST-VWXY-0012'));
    expect(publishedBallotId(receipt)).not.toContain('7k3p');
  });
});

import { SealedBox } from './sealed-box';

describe('SealedBox', () => {
  const box = new SealedBox('a session secret of some length', 'outbox');

  it('opens what it sealed, and never seals the same way twice', () => {
    const a = box.seal('token-123');
    const b = box.seal('token-123');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('token-123');
    expect(a).not.toContain('token-123');
  });

  it('refuses a tampered box', () => {
    const sealed = box.seal('token-123');
    const [iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('keeps purposes apart', () => {
    const other = new SealedBox('a session secret of some length', 'unsubscribe');
    expect(() => other.open(box.seal('x'))).toThrow();
    expect(other.verify('acct:news', box.sign('acct:news'))).toBe(false);
    expect(box.verify('acct:news', box.sign('acct:news'))).toBe(true);
    expect(box.verify('acct:reminders', box.sign('acct:news'))).toBe(false);
  });
});

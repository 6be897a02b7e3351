import { uniqueEmail } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

describe('development mailbox (npm start without SMTP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { devMailbox: true });
  });
  afterAll(() => t.close());

  it('lists what the SMTP receiver caught and shows the verification link', async () => {
    const email = uniqueEmail('mailbox');
    await new WebSession(t).submit('/register', { displayName: 'Mailbox Person', email, password: 'a long enough passphrase' });
    await t.mail.waitFor(email);
    const list = await t.http().get('/dev/mailbox').expect(200);
    expect(list.text).toContain(email);
    const id = list.text.match(/href="\/dev\/mailbox\/(\d+)"/)![1];
    const message = await t.http().get(`/dev/mailbox/${id}`).expect(200);
    expect(message.text).toContain('Confirm your email address');
    expect(message.text).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/verify-email\?token=[\w-]+"/);
  });

  it('answers 404 for a message that does not exist, and 400 for a bad id', async () => {
    await t.http().get('/dev/mailbox/99999').expect(404);
    await t.http().get('/dev/mailbox/abc').expect(400);
  });
});

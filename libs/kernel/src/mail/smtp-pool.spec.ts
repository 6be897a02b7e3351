import { freePort } from '../dev/free-port';
import { DevMailReceiver } from './dev-mail-receiver';
import { composeMessage, mailSender } from './mime-message';
import { SmtpPool } from './smtp-pool';

const sender = mailSender('Commonpurse <no-reply@commonpurse.localhost>')!;
const message = (to: string) => ({ from: sender.address, to: [to] });
const raw = (to: string, n = 0) => composeMessage(sender, { to, subject: `Message ${n}`, text: `Hello ${n}`, html: `<p>Hello ${n}</p>`, messageId: `<${n}@test>` })!;

/** Against a real SMTP server on loopback (the one the tests and npm start use). */
describe('SmtpPool', () => {
  let receiver: DevMailReceiver;
  let pool: SmtpPool;

  beforeEach(async () => {
    receiver = new DevMailReceiver();
    pool = new SmtpPool(await receiver.start(), 4);
  });
  afterEach(async () => {
    pool.close();
    await receiver.stop();
  });

  it('sends many messages at once over its few connections, each whole', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, n) => pool.send(message(`p${n}@example.org`), raw(`p${n}@example.org`, n))));
    expect(receiver.count()).toBe(40);
    const mail = await receiver.waitFor('p7@example.org');
    expect([mail.subject, mail.text.trim(), mail.html.trim(), mail.headers['message-id']]).toEqual(['Message 7', 'Hello 7', '<p>Hello 7</p>', '<7@test>']);
  });

  it('rejects a refused message with the server’s reply code and carries on with the others', async () => {
    receiver.refuse('never@example.org', 550);
    receiver.refuse('later@example.org', 451);
    const results = await Promise.allSettled(
      ['never@example.org', 'ok1@example.org', 'later@example.org', 'ok2@example.org', 'ok3@example.org'].map((to, n) => pool.send(message(to), raw(to, n))),
    );
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { responseCode?: number }).responseCode : 'sent'))).toEqual([550, 'sent', 451, 'sent', 'sent']);
    await Promise.all(Array.from({ length: 8 }, (_, n) => pool.send(message(`after${n}@example.org`), raw(`after${n}@example.org`, n))));
    expect(receiver.count()).toBe(11);
  });

  it('lets the messages being sent finish when it closes, and fails those still waiting', async () => {
    await pool.send(message('warm@example.org'), raw('warm@example.org')); // a connection open and idle
    const sending = Array.from({ length: 10 }, (_, n) => pool.send(message(`c${n}@example.org`), raw(`c${n}@example.org`, n)));
    await new Promise((r) => setImmediate(r));
    pool.close();
    const results = await Promise.allSettled(sending);
    const sent = results.filter((r) => r.status === 'fulfilled').length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(4);
    expect(receiver.count()).toBe(1 + sent);
    for (const mail of receiver.all()) expect(mail.subject).toMatch(/^Message \d+$/); // whole, nothing written into them
  });

  it('fails while the server is away, and connects once it is back', async () => {
    const port = await freePort();
    const away = new SmtpPool(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 2);
    try {
      await expect(away.send(message('away@example.org'), raw('away@example.org'))).rejects.toThrow(/ECONNREFUSED/);
      const back = new DevMailReceiver();
      await back.start(port);
      try {
        await Promise.all(Array.from({ length: 6 }, (_, n) => away.send(message(`back${n}@example.org`), raw(`back${n}@example.org`, n))));
        expect(back.count()).toBe(6);
      } finally {
        away.close();
        await back.stop();
      }
    } finally {
      away.close();
    }
  });
});

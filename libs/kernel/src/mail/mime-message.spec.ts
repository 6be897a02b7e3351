import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { composeMessage, mailSender, type ComposedMessage } from './mime-message';

const FROM = 'Commonpurse <no-reply@commonpurse.localhost>';
const DATE = new Date('2027-06-01T09:30:00Z');

const LONG_URL = `http://localhost:3000/unsubscribe/7e0b6c1e-1111-4111-8111-111111111111.news.${'x'.repeat(43)}`;
const messages: Record<string, ComposedMessage> = {
  'plain ASCII': {
    to: 'sam@example.org',
    subject: 'Reset your Commonpurse password',
    text: 'Dear Sam,\n\nChoose a new password.',
    html: '<p>Dear Sam,</p><p>Choose a new password.</p>',
    messageId: '<a@commonpurse.localhost>',
  },
  'Welsh, long lines, dots at the start of lines, unsubscribe headers': {
    to: 'Gwen.Ellis@example.org',
    subject: 'Mae pleidleisio ar agor: Cronfa Gymunedol Glan-yr-afon — Haf 2027, ŵyl a ŷd a llawer mwy o eiriau i wneud y pwnc yn hir',
    text: `Annwyl Siôn,\n.\n.. dot\nMae'n bryd pleidleisio ar ba brosiectau y mae Cronfa Gymunedol Glan-yr-afon yn eu hariannu yn ${'Haf '.repeat(30)}\r\nDiolch\n`,
    html: `<!DOCTYPE html>\n<html lang="cy"><body style="margin:0;padding:0;font-family:Helvetica,Arial,sans-serif;font-size:19px;line-height:1.315789474;color:#0b0c0c;">\n<p>Annwyl Siôn &amp; Ŵyn,</p>\n.\n<a href="${LONG_URL}">Dad-danysgrifio</a></body></html>`,
    headers: { 'List-Unsubscribe': `<${LONG_URL}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    messageId: '<0f6c4b7e-2b1d-4c55-9c1e-5b8c2d6c9a01@commonpurse.localhost>',
  },
  'quoted-printable edges: "=", trailing blanks, tabs, long runs of 8-bit characters, lines of exactly 76': {
    to: 'edge@example.org',
    subject: 'a=b =?not-a-word?= ',
    text: `x=y \ntab\t\n${'é'.repeat(120)}\n${'a'.repeat(76)}\n${'b'.repeat(75)}=\n${'c '.repeat(60)}\n \n\t`,
    html: `<p style="x">${'ŵ'.repeat(40)} = ${'d'.repeat(200)}</p>   \n`,
    messageId: '<edge@commonpurse.localhost>',
  },
  'mostly non-Latin text, a header value with a line break': {
    to: 'eleni@example.org',
    subject: 'Καλημέρα κόσμε\r\nBcc: someone@example.org',
    text: 'Καλημέρα κόσμε, η ψηφοφορία άνοιξε.',
    html: '<p>Καλημέρα κόσμε</p>',
    headers: { 'X-Note': 'ναι' },
    messageId: 'no-brackets@commonpurse.localhost',
  },
};

async function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

function essentials(mail: ParsedMail) {
  const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]*:\s*/, '').replace(/\r\n\s+/g, ' ');
  return {
    from: mail.from?.value,
    to: Array.isArray(mail.to) ? mail.to.map((a) => a.value) : mail.to?.value,
    subject: mail.subject,
    messageId: mail.messageId,
    date: mail.date?.toISOString(),
    text: mail.text,
    html: mail.html,
    listUnsubscribe: header('list-unsubscribe'),
    listUnsubscribePost: header('list-unsubscribe-post'),
    note: mail.headers.get('x-note'),
    bcc: mail.bcc,
  };
}

describe('composeMessage', () => {
  const sender = mailSender(FROM)!;

  it.each(Object.entries(messages))('reads back as nodemailer’s own composition does: %s', async (_name, message) => {
    const fast = composeMessage(sender, message, DATE)!;
    const reference = await new MailComposer({ from: FROM, date: DATE, ...message }).compile().build();
    expect(essentials(await parse(fast))).toEqual(essentials(await parse(reference)));
  });

  it.each(Object.entries(messages))('writes CRLF lines of at most 78 characters in the headers and 998 anywhere: %s', (_name, message) => {
    const raw = composeMessage(sender, message, DATE)!.toString('utf8');
    expect(raw).not.toMatch(/[^\r]\n|\r[^\n]/);
    const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n'))];
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78 + LONG_URL.length); // a URL has nowhere to fold
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('leaves to nodemailer what it does not handle itself', () => {
    expect(composeMessage(sender, { ...messages['plain ASCII'], to: 'siân@enghraifft.cymru' })).toBeUndefined();
    expect(composeMessage(sender, { ...messages['plain ASCII'], to: 'Sam <sam@example.org>' })).toBeUndefined();
    expect(composeMessage(sender, { ...messages['plain ASCII'], headers: { 'Bad Header': 'x' } })).toBeUndefined();
    expect(mailSender('Commonpurse <nid-ateb@enghraifft.cymru>')).toEqual({ address: 'nid-ateb@enghraifft.cymru', header: 'From: Commonpurse <nid-ateb@enghraifft.cymru>' });
    expect(mailSender('Commonpurse <dim-ateb@llanfairpwllgwyngyll.cymru>')?.header).toContain('<dim-ateb@');
    expect(mailSender('Commonpurse <ateb@ŵ.cymru>')).toBeUndefined();
  });

  it('quotes or encodes a sender’s name as it needs', async () => {
    for (const from of ['"Cyngor, Sir" <a@example.org>', 'Cronfa Gymunedol Glan-yr-afon <a@example.org>', 'Cronfa’r Fro <a@example.org>', 'a@example.org']) {
      const fast = composeMessage(mailSender(from)!, messages['plain ASCII'], DATE)!;
      const reference = await new MailComposer({ from, date: DATE, ...messages['plain ASCII'] }).compile().build();
      expect((await parse(fast)).from?.value).toEqual((await parse(reference)).from?.value);
    }
  });
});

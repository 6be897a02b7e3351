import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWords, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

/** A sender as it goes on the envelope (MAIL FROM) and in the From header. */
export interface MailSender {
  address: string;
  header: string;
}

export interface ComposedMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  messageId: string;
}

/** A printable address with no spaces, quotes or brackets: what the fast path below writes as it is. */
const PLAIN_ADDRESS = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
const UNSAFE_IN_ADDRESS = /[<>"(),;:\\[\]]/;
/** RFC 5322 atext and spaces: a display name made of these needs no quotes. */
const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

/** The From header and envelope address of MAIL_FROM, or undefined when it is not a plain address (nodemailer composes those). */
export function mailSender(mailFrom: string): MailSender | undefined {
  const [parsed] = addressparser(mailFrom, { flatten: true });
  if (!parsed || !isPlainAddress(parsed.address)) return undefined;
  if (!parsed.name) return { address: parsed.address, header: foldLines(`From: ${parsed.address}`, 76) };
  const name = !isPlainText(parsed.name)
    ? encodeWords(parsed.name.replace(/[\r\n]+/g, ' '), 'Q', 52)
    : ATOM_PHRASE.test(parsed.name)
      ? parsed.name
      : `"${parsed.name.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
  return { address: parsed.address, header: foldLines(`From: ${name} <${parsed.address}>`, 76) };
}

/**
 * The whole message (RFC 5322 headers and a multipart/alternative body of text and HTML) in one
 * buffer, so that it goes to the SMTP server in one write. Encoded as nodemailer encodes the
 * same message — subjects as MIME words when they are not plain ASCII, each part 7bit when it
 * can be and quoted-printable (or base64 for mostly non-Latin text) otherwise — but without its
 * stream pipeline, which costs several times more than the sending. Returns undefined for what
 * this fast path does not handle (an internationalised address, an odd header name), which the
 * caller then composes with nodemailer.
 */
export function composeMessage(sender: MailSender, message: ComposedMessage, date = new Date()): Buffer | undefined {
  if (!isPlainAddress(message.to)) return undefined;
  const custom = Object.entries(message.headers ?? {});
  if (custom.some(([name]) => !HEADER_NAME.test(name))) return undefined;

  const boundary = `=_cp_${randomBytes(12).toString('hex')}`;
  const lines = [
    sender.header,
    foldLines(`To: ${message.to}`, 76),
    unstructuredHeader('Subject', message.subject),
    `Message-ID: ${messageIdValue(message.messageId)}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    ...custom.map(([name, value]) => unstructuredHeader(name, value)),
    foldLines(`Content-Type: multipart/alternative; boundary="${boundary}"`, 76),
    '',
    `--${boundary}`,
    ...textPart('text/plain', message.text),
    `--${boundary}`,
    ...textPart('text/html', message.html),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function isPlainAddress(address: string): boolean {
  return PLAIN_ADDRESS.test(address) && !UNSAFE_IN_ADDRESS.test(address);
}

/** A header of free text: on one line (a line break in a value would start a header of its own), MIME-encoded when not plain ASCII, folded. */
function unstructuredHeader(name: string, value: string): string {
  const single = value.replace(/\r?\n|\r/g, ' ');
  return foldLines(`${name}: ${isPlainText(single) ? single : encodeWords(single, textEncoding(single), 52)}`, 76);
}

function messageIdValue(messageId: string): string {
  const clean = messageId.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
  return `${clean.startsWith('<') ? '' : '<'}${clean}${clean.endsWith('>') ? '' : '>'}`;
}

function textPart(type: string, content: string): string[] {
  const crlf = content.replace(/\r?\n|\r/g, '\r\n');
  if (isPlainText(crlf) && !hasLongerLines(crlf, 76)) {
    return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 7bit', '', crlf];
  }
  if (textEncoding(crlf) === 'Q') {
    return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', wrapQuotedPrintable(encodeQuotedPrintable(crlf), 76)];
  }
  const base64 = Buffer.from(crlf, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
  return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64];
}

/** Quoted-printable for text that is mostly Latin letters, base64 otherwise (shorter for, say, Greek or Chinese), as nodemailer chooses. */
function textEncoding(value: string): 'Q' | 'B' {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin += 1;
    else if (code >= 0x80 || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) other += 1;
  }
  return other < latin ? 'Q' : 'B';
}

import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord, encodeWords, foldLines, isPlainText } from 'nodemailer/lib/mime-funcs';

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

const BOUNDARY_PREFIX = randomBytes(9).toString('base64url');
let boundaries = 0;

/** A printable address with no spaces, quotes or brackets: what the fast path below writes as it is. */
const PLAIN_ADDRESS = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
const UNSAFE_IN_ADDRESS = /[<>"(),;:\\[\]]/;
/** RFC 5322 atext and spaces: a display name made of these needs no quotes. */
const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
/** A line of more than 76 characters, tried at line starts only (nodemailer's hasLongerLines builds this pattern anew on every call). */
const LONGER_THAN_76 = /^.{77}/m;

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

  // "=_" never occurs in quoted-printable or base64, and the random part keeps a 7bit part (a name in it) from guessing it.
  const boundary = `=_cp_${BOUNDARY_PREFIX}_${(boundaries += 1).toString(36)}`;
  if (message.text.includes(boundary) || message.html.includes(boundary)) return undefined;
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

/** nodemailer's fourth parameter, missing from its types: when any of the value needs encoding, encode all of it (some clients drop the spaces around a lone encoded word). */
const encodeAllWords = encodeWords as (value: string, encoding: 'Q' | 'B', maxLength: number, encodeAll: boolean) => string;

/**
 * A header of free text, as nodemailer writes one: on one line (a line break would start a header
 * of its own), MIME-encoded when it holds anything but printable ASCII (or a quote, or what a
 * reader would take for an encoded word), folded.
 */
function unstructuredHeader(name: string, value: string): string {
  const single = value.replace(/\r?\n|\r/g, ' ');
  const encoded = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(single) ? encodeWord(single, textEncoding(single), 52) : encodeAllWords(single, textEncoding(single), 52, true);
  return foldLines(`${name}: ${encoded}`, 76);
}

function messageIdValue(messageId: string): string {
  const clean = messageId.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
  return `${clean.startsWith('<') ? '' : '<'}${clean}${clean.endsWith('>') ? '' : '>'}`;
}

function textPart(type: string, content: string): string[] {
  const crlf = content.replace(/\r?\n|\r/g, '\r\n');
  if (isPlainText(crlf) && !LONGER_THAN_76.test(crlf)) {
    return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 7bit', '', crlf];
  }
  if (textEncoding(crlf) === 'Q') {
    return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(crlf)];
  }
  const base64 = Buffer.from(crlf, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
  return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64];
}

/** Quoted-printable for text that is mostly Latin letters, base64 otherwise (shorter for, say, Greek or Chinese), as nodemailer chooses. */
function textEncoding(value: string): 'Q' | 'B' {
  // Counted with regular expressions, and the Latin letters only as far as needed: most text is nearly all ASCII.
  const other = value.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uffff]/g)?.length ?? 0;
  const letters = /[A-Za-z]/g;
  for (let latin = 0; letters.test(value); ) if ((latin += 1) > other) return 'Q';
  return 'B';
}

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');

/**
 * Quoted-printable (RFC 2045, 6.7) in one pass over the UTF-8 bytes of text whose line breaks are
 * CRLF: "=", controls and 8-bit bytes as =XX, a space or tab before a line break (or at the end)
 * as well, and a soft break ("=" CRLF) wherever a line would pass 76 characters.
 */
function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length * 4 + 3);
  let at = 0;
  let column = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x0d && bytes[i + 1] === 0x0a) {
      out[at++] = 0x0d;
      out[at++] = 0x0a;
      column = 0;
      i += 1;
      continue;
    }
    const blank = byte === 0x20 || byte === 0x09;
    const literal = (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || (blank && i + 1 < bytes.length && bytes[i + 1] !== 0x0d);
    const width = literal ? 1 : 3;
    if (column + width > 75) {
      out[at++] = 0x3d;
      out[at++] = 0x0d;
      out[at++] = 0x0a;
      column = 0;
    }
    if (literal) out[at++] = byte;
    else {
      out[at++] = 0x3d;
      out[at++] = HEX[byte >> 4];
      out[at++] = HEX[byte & 15];
    }
    column += width;
  }
  return out.toString('latin1', 0, at);
}

import { Injectable } from '@nestjs/common';
import type { MailMessage } from '@commonpurse/kernel';
import { NotificationRenderer, type RenderableRow } from './notification-renderer';

/** Stand-ins for the name and the unsubscribe link: private-use characters, which no template or translation holds. */
const NAME_CHAR = '\uE000';
const LINK_CHAR = '\uE001';

/** A plain name: words of visible characters with single spaces between them (html-to-text then lays it out by its words' lengths alone). */
const PLAIN_NAME = /^[^\s\u200b\uE000\uE001]+( [^\s\u200b\uE000\uE001]+)*$/;

/** Kinds of message kept; a broadcast needs a few (one per language and shape of name), so this is only a bound. */
const MOST_KEPT = 1_000;

const NAME = Symbol('name');
const LINK = Symbol('link');
type Piece = string | typeof NAME | typeof LINK;

interface Template {
  subject: Piece[];
  html: Piece[];
  text: Piece[];
  headers: Array<[string, Piece[]]>;
}

/**
 * Renders an announcement once for all its recipients instead of once each: messages of the
 * same event, language and payload differ only in the name and the unsubscribe link. The
 * template is rendered with stand-ins of the same length (a name's words, the link), so the
 * text part wraps exactly as it would around the real ones, and each message is the template
 * with its own values put in: escaped as nunjucks escapes them in the HTML, as they are in the
 * subject and text. The first message of each kind is also rendered in full and compared; if
 * the two differ (a template that changes the name, say), that kind is always rendered in full.
 * Messages with secrets (a link's token) are each rendered in full.
 */
@Injectable()
export class BroadcastRenderer {
  private readonly kinds = new Map<string, Template | 'in-full'>();

  constructor(private readonly renderer: NotificationRenderer) {}

  render(row: RenderableRow, secrets: Record<string, string>): MailMessage {
    const name = row.payload.name;
    const link = this.renderer.unsubscribeUrl(row);
    const named = typeof name === 'string' && name !== '';
    if (Object.keys(secrets).length > 0 || (named && !PLAIN_NAME.test(name))) return this.renderer.renderWith(row, secrets, link);

    const { name: _name, ...rest } = row.payload;
    const nameShape = named ? name.split(' ').map((word) => word.length) : null;
    const key = JSON.stringify([row.eventType, row.category, row.language, rest, nameShape ?? name ?? null, link?.length ?? null]);
    const known = this.kinds.get(key);
    if (known === 'in-full') return this.renderer.renderWith(row, secrets, link);
    if (known) return fill(known, row.recipientAddress, named ? name : '', link ?? '');

    const full = this.renderer.renderWith(row, secrets, link);
    const nameStandIn = nameShape ? nameShape.map((length) => NAME_CHAR.repeat(length)).join(' ') : undefined;
    const linkStandIn = link ? LINK_CHAR.repeat(link.length) : null;
    const withStandIns = this.renderer.renderWith({ ...row, payload: nameStandIn ? { ...row.payload, name: nameStandIn } : row.payload }, secrets, linkStandIn);
    const template = templateOf(withStandIns, nameStandIn, linkStandIn);
    if (this.kinds.size >= MOST_KEPT) this.kinds.clear();
    this.kinds.set(key, sameMessage(fill(template, row.recipientAddress, named ? name : '', link ?? ''), full) ? template : 'in-full');
    return full;
  }
}

function templateOf(message: MailMessage, name: string | undefined, link: string | null): Template {
  const pieces = (value: string) => split(value, name, link);
  return {
    subject: pieces(message.subject),
    html: pieces(message.html),
    text: pieces(message.text),
    headers: Object.entries(message.headers ?? {}).map(([header, value]) => [header, pieces(value)]),
  };
}

/** `value` cut at each stand-in, the stand-ins replaced by markers. */
function split(value: string, name: string | undefined, link: string | null): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (;;) {
    const atName = name ? value.indexOf(name, from) : -1;
    const atLink = link ? value.indexOf(link, from) : -1;
    const at = atName < 0 ? atLink : atLink < 0 ? atName : Math.min(atName, atLink);
    if (at < 0) break;
    pieces.push(value.slice(from, at), at === atName ? NAME : LINK);
    from = at + (at === atName ? name!.length : link!.length);
  }
  pieces.push(value.slice(from));
  return pieces;
}

function fill(template: Template, to: string, name: string, link: string): MailMessage {
  const put = (pieces: Piece[], escape: (value: string) => string = (value) => value) =>
    pieces.map((piece) => (piece === NAME ? escape(name) : piece === LINK ? escape(link) : piece)).join('');
  return {
    to,
    subject: put(template.subject),
    html: put(template.html, escapeHtml),
    text: put(template.text),
    headers: Object.fromEntries(template.headers.map(([header, pieces]) => [header, put(pieces)])),
  };
}

function sameMessage(a: MailMessage, b: MailMessage): boolean {
  return a.to === b.to && a.subject === b.subject && a.html === b.html && a.text === b.text && JSON.stringify(a.headers ?? {}) === JSON.stringify(b.headers ?? {});
}

/** As nunjucks autoescapes a value. */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
function escapeHtml(value: string): string {
  return value.replace(/[&"'<>\\]/g, (char) => HTML_ESCAPES[char]);
}

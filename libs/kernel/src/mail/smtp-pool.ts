import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

interface Waiter {
  resolve(connection: SMTPConnection): void;
  reject(error: unknown): void;
}

/**
 * Up to `size` SMTP connections kept open and shared by the messages being sent, each message
 * written as one ready-made buffer (nodemailer's own pool composes every message through a
 * stream pipeline first). A connection that fails is dropped and the next message opens a new
 * one; one whose message the server refused (a 4xx or 5xx reply) is reset and used again.
 */
export class SmtpPool {
  /** parseConnectionUrl puts the URL's user and password in `auth`, for login (the connection's own options have no such field). */
  private readonly options: SMTPConnection.Options & { auth?: SMTPConnection.Credentials };
  private readonly live = new Set<SMTPConnection>();
  private readonly idle: SMTPConnection[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(
    url: string,
    readonly size: number,
  ) {
    this.options = parseConnectionUrl(url);
  }

  /** Resolves once the server has accepted the message; rejects with nodemailer's error (its responseCode says whether to retry). */
  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    const connection = await this.acquire();
    let info: SMTPConnection.SentMessageInfo;
    try {
      info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => connection.send(envelope, raw, (error, result) => (error ? reject(error) : resolve(result))));
    } catch (error) {
      this.afterFailure(connection, error as SMTPConnection.SMTPError);
      throw error;
    }
    this.release(connection);
    return info;
  }

  /** Messages being sent finish (a QUIT written in the middle of one would end up in it); those waiting for a connection fail. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The SMTP pool was closed'));
    for (const connection of this.idle.splice(0)) this.discard(connection, true);
  }

  private acquire(): Promise<SMTPConnection> {
    if (this.closed) return Promise.reject(new Error('The SMTP pool was closed'));
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.live.size < this.size) return this.open();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async open(): Promise<SMTPConnection> {
    const connection = new SMTPConnection(this.options);
    this.live.add(connection);
    // Errors during a send reach its callback; these are the ones of an idle connection.
    connection.on('error', () => this.discard(connection));
    connection.once('end', () => this.discard(connection));
    try {
      // A connection that cannot be made is reported as an 'error' event, not through connect's callback.
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect((error) => {
          connection.off('error', reject);
          if (error) reject(error);
          else resolve();
        });
      });
      const auth = this.options.auth;
      if (auth) await new Promise<void>((resolve, reject) => connection.login(auth, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.discard(connection);
      throw error;
    }
    return connection;
  }

  private release(connection: SMTPConnection): void {
    if (connection.destroyed || !this.live.has(connection) || this.closed) return this.discard(connection, this.closed);
    const next = this.waiting.shift();
    if (next) next.resolve(connection);
    else this.idle.push(connection);
  }

  /** The server refused this message, not the connection: RSET and carry on with it (as nodemailer's pool does). */
  private afterFailure(connection: SMTPConnection, error: SMTPConnection.SMTPError): void {
    const refused = (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') && typeof error.responseCode === 'number' && error.responseCode !== 421;
    if (!refused || connection.destroyed) return this.discard(connection);
    connection.reset((resetError) => (resetError ? this.discard(connection) : this.release(connection)));
  }

  private discard(connection: SMTPConnection, quit = false): void {
    if (!this.live.delete(connection)) return;
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (quit && !connection.destroyed) connection.quit();
    else connection.close();
    // Its place is free: the first message waiting for a connection opens a new one.
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) this.open().then(next.resolve, next.reject);
  }
}

/** A failure that retrying will not mend: a refused address, a message the server will never take. */
export class PermanentDeliveryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryFailure';
  }
}

/**
 * SMTP says which failures are final: 5xx replies are permanent, 4xx are "try again later".
 * Anything without a reply code (a dropped connection, a timeout) is worth retrying.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

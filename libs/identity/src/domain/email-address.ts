/** Email addresses are compared and stored in lower case, trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * NCSC guidance: length over complexity rules, and refuse passwords that are known to be
 * common or that repeat the person's own details.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password123', 'password1234', 'passw0rd123', 'qwertyuiop', '1234567890', '0123456789', '1qaz2wsx3edc',
  'iloveyou123', 'letmein123', 'welcome123', 'abc1234567', 'qwerty1234', 'monkey1234', 'football123',
  'administrator', 'changeme123', 'commonpurse', 'commonpurse1', 'password12', 'aaaaaaaaaa',
]);

/** The translation key of the first problem, or undefined when the password is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return 'identity.password.tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'identity.password.tooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'identity.password.tooCommon';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'identity.password.containsEmail';
  return undefined;
}

import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('correct horse battery', 'sam@example.org')).toBeUndefined();
  });

  it.each([
    ['short', 'identity.password.tooShort'],
    ['password123', 'identity.password.tooCommon'],
    ['zzzzzzzzzzzz', 'identity.password.tooCommon'],
    ['x'.repeat(129), 'identity.password.tooLong'],
    ['samjones-rocks-2026', 'identity.password.containsEmail'],
  ])('refuses %s', (password, problem) => {
    expect(passwordProblem(password, 'samjones@example.org')).toBe(problem);
  });
});

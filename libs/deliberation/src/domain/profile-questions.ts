/**
 * The questions a round's panel volunteers may be asked about themselves, so the panel can be
 * drawn to look like the area. A fixed catalogue with the census's own categories rather than
 * questions of the fund's own making: the wording of special-category questions is vetted once,
 * translated once, and the answers can be compared with the census. The fund chooses which to ask.
 * Every question may be answered "prefer not to say", which is also what a skipped one counts as.
 */
export const PREFER_NOT_TO_SAY = 'prefer-not-to-say';

export const PROFILE_QUESTIONS = {
  'age-band': ['16-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-plus'],
  gender: ['woman', 'man', 'non-binary', 'another-way'],
  // The census's five high-level ethnic groups (England and Wales, 2021).
  ethnicity: ['asian', 'black', 'mixed', 'white', 'other'],
  // The census's disability question: day-to-day activities limited by a condition or illness.
  disability: ['limited-a-lot', 'limited-a-little', 'not-limited'],
  tenure: ['owns', 'social-rent', 'private-rent', 'other'],
  // Where in the fund's area one lives: its options are the fund's areas (postcode districts or wards).
  area: [] as string[],
} as const satisfies Record<string, readonly string[]>;

export type ProfileQuestion = keyof typeof PROFILE_QUESTIONS;
export const PROFILE_QUESTION_KEYS = Object.keys(PROFILE_QUESTIONS) as ProfileQuestion[];

export function isProfileQuestion(key: string): key is ProfileQuestion {
  return (PROFILE_QUESTION_KEYS as string[]).includes(key);
}

/** The answers a question takes, "prefer not to say" last; the area question's come from the fund. */
export function answersTo(question: ProfileQuestion, areaCodes: string[]): string[] {
  const own = question === 'area' ? areaCodes : [...PROFILE_QUESTIONS[question]];
  return [...own, PREFER_NOT_TO_SAY];
}

export interface ProfileProblem {
  field: string;
  problem: 'answerUnknown';
}

/**
 * A volunteer's answers to the questions asked, each one of its answers or, when left out,
 * "prefer not to say"; answers to questions not asked are dropped, never stored.
 */
export function normaliseProfile(asked: ProfileQuestion[], areaCodes: string[], given: Record<string, unknown>): { profile: Record<string, string>; problems: ProfileProblem[] } {
  const profile: Record<string, string> = {};
  const problems: ProfileProblem[] = [];
  for (const question of asked) {
    const answer = typeof given[question] === 'string' ? (given[question] as string) : '';
    if (answer === '') profile[question] = PREFER_NOT_TO_SAY;
    else if (answersTo(question, areaCodes).includes(answer)) profile[question] = answer;
    else problems.push({ field: question, problem: 'answerUnknown' });
  }
  return { profile, problems };
}

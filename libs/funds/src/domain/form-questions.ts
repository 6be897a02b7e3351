/**
 * The fund manager's own questions on a round's application form, after the fixed fields every
 * application has (title, summary, amount, dates, area or lot, priorities addressed). The
 * applications module renders and checks the answers; this module owns the questions.
 */
export const QUESTION_TYPES = ['short-text', 'long-text', 'number', 'yes-no', 'single-choice', 'multiple-choice', 'date', 'file'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface FormQuestion {
  type: QuestionType;
  label: string;
  hint: string | null;
  required: boolean;
  /** Long text only: the most words an answer may have. */
  wordLimit: number | null;
  /** Choice questions only: the options, in order. */
  options: string[];
}

export const MAX_QUESTIONS = 40;
const CHOICE: QuestionType[] = ['single-choice', 'multiple-choice'];

export function hasOptions(type: QuestionType): boolean {
  return CHOICE.includes(type);
}

/** Options typed one per line; blank lines dropped. */
export function parseOptions(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter(Boolean);
}

export function checkQuestion(q: FormQuestion): Array<{ field: keyof FormQuestion; problem: string }> {
  const problems: Array<{ field: keyof FormQuestion; problem: string }> = [];
  if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) problems.push({ field: 'type', problem: 'funds.questions.typeUnknown' });
  if (!q.label.trim()) problems.push({ field: 'label', problem: 'funds.questions.labelMissing' });
  else if (q.label.length > 300) problems.push({ field: 'label', problem: 'funds.questions.labelTooLong' });
  if (q.hint && q.hint.length > 500) problems.push({ field: 'hint', problem: 'funds.questions.hintTooLong' });
  if (q.wordLimit !== null) {
    if (q.type !== 'long-text') problems.push({ field: 'wordLimit', problem: 'funds.questions.wordLimitOnlyLongText' });
    else if (!Number.isInteger(q.wordLimit) || q.wordLimit < 10 || q.wordLimit > 5000) problems.push({ field: 'wordLimit', problem: 'funds.questions.wordLimitRange' });
  }
  if (hasOptions(q.type)) {
    if (q.options.length < 2) problems.push({ field: 'options', problem: 'funds.questions.optionsTooFew' });
    else if (q.options.length > 20) problems.push({ field: 'options', problem: 'funds.questions.optionsTooMany' });
    else if (q.options.some((o) => o.length > 200)) problems.push({ field: 'options', problem: 'funds.questions.optionTooLong' });
    else if (new Set(q.options.map((o) => o.toLowerCase())).size < q.options.length) problems.push({ field: 'options', problem: 'funds.questions.optionTwice' });
  } else if (q.options.length > 0) problems.push({ field: 'options', problem: 'funds.questions.optionsOnlyChoice' });
  return problems;
}

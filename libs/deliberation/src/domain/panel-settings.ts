import { answersTo, isProfileQuestion, PREFER_NOT_TO_SAY, type ProfileQuestion } from './profile-questions';
import type { Quota } from './sortition';

export const MAX_PANEL_SIZE = 200;

export interface PanelSettings {
  panelSize: number;
  profileQuestions: ProfileQuestion[];
  quotas: Quota[];
  scoreMax: number;
}

export interface SettingsProblem {
  field: string;
  problem: string;
}

/** The form field of a quota's bounds, so a problem points at the right row. */
export const quotaField = (category: string, value: string) => `quota-${category}-${value}`;

/**
 * A panel's settings as a facilitator gave them. Quotas may only be on questions volunteers are
 * asked, and on real answers ("prefer not to say" is never a quota); a quota of "0 to the whole
 * panel" says nothing and is dropped. Whether the quotas can be met together is the draw's to say,
 * when it knows who volunteered.
 */
export function checkSettings(given: { panelSize: unknown; profileQuestions: string[]; quotas: Array<{ category: string; value: string; min: unknown; max: unknown }>; scoreMax: unknown }, areaCodes: string[]): { settings: PanelSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const whole = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN);
  const panelSize = whole(given.panelSize);
  const sizeValid = Number.isInteger(panelSize) && panelSize >= 1 && panelSize <= MAX_PANEL_SIZE;
  if (!sizeValid) problems.push({ field: 'panelSize', problem: 'deliberation.settings.panelSizeInvalid' });
  // Quotas are checked against the size only when it is a real one: a mistyped size is one problem, not one per quota.
  const size = sizeValid ? panelSize : MAX_PANEL_SIZE;
  const scoreMax = whole(given.scoreMax);
  if (!Number.isInteger(scoreMax) || scoreMax < 2 || scoreMax > 10) problems.push({ field: 'scoreMax', problem: 'deliberation.settings.scoreMaxInvalid' });
  const profileQuestions: ProfileQuestion[] = [];
  for (const q of given.profileQuestions) {
    if (!isProfileQuestion(q)) problems.push({ field: 'profileQuestions', problem: 'deliberation.settings.questionUnknown' });
    else if (!profileQuestions.includes(q)) profileQuestions.push(q);
  }
  const quotas: Quota[] = [];
  for (const q of given.quotas) {
    const field = quotaField(q.category, q.value);
    const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (blank(q.min) && blank(q.max)) continue;
    if (!isProfileQuestion(q.category) || !profileQuestions.includes(q.category)) {
      problems.push({ field, problem: 'deliberation.settings.quotaNotAsked' });
      continue;
    }
    if (q.value === PREFER_NOT_TO_SAY || !answersTo(q.category, areaCodes).includes(q.value)) {
      problems.push({ field, problem: 'deliberation.settings.quotaAnswerUnknown' });
      continue;
    }
    const min = blank(q.min) ? 0 : whole(q.min);
    const max = blank(q.max) ? size : whole(q.max);
    if (!Number.isInteger(min) || !Number.isInteger(max)) problems.push({ field, problem: 'deliberation.settings.quotaNotWhole' });
    else if (min > max) problems.push({ field, problem: 'deliberation.settings.quotaMinAboveMax' });
    else if (min > size) problems.push({ field, problem: 'deliberation.settings.quotaAbovePanel' });
    else if (min > 0 || max < size) quotas.push({ category: q.category, value: q.value, min, max: Math.min(max, size) });
  }
  return { settings: { panelSize, profileQuestions, quotas, scoreMax }, problems };
}

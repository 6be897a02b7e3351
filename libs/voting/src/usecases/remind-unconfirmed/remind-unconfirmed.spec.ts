import { NotificationEvent } from '@commonpurse/notifications';
import { reminderDueAt, reminderFor, VOTE_REMINDER_LEAD_MS } from './remind-unconfirmed.usecase';

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.UTC(2027, 5, 1) + hours * HOUR);

describe('reminderDueAt', () => {
  it('is a day before a vote closes', () => {
    expect(VOTE_REMINDER_LEAD_MS).toBe(24 * HOUR);
    expect(reminderDueAt({ opensAt: at(0), closesAt: at(7 * 24) })).toEqual(at(6 * 24));
    expect(reminderDueAt({ opensAt: at(0), closesAt: at(48) })).toEqual(at(24));
  });

  it('is halfway through a vote shorter than two days, not the moment it opens', () => {
    expect(reminderDueAt({ opensAt: at(0), closesAt: at(12) })).toEqual(at(6));
    expect(reminderDueAt({ opensAt: at(0).toISOString(), closesAt: at(36).toISOString() })).toEqual(at(18));
  });
});

describe('reminderFor', () => {
  const closesAt = at(24);
  const lots = [
    { id: 'lot-north', name: 'Northside' },
    { id: 'lot-town', name: 'Town centre' },
  ];
  const round = (withLots: boolean) => ({ slug: 'summer-2027', name: 'Summer 2027', fund: { slug: 'riverside', name: 'Riverside Fund' }, lots: withLots ? lots : [] }) as unknown as Parameters<typeof reminderFor>[0];

  it('tells a voter who never confirmed that their vote is not confirmed, linking the check page', () => {
    expect(reminderFor(round(false), closesAt, [{ lotKey: '', confirmedBefore: false }])).toEqual({
      event: NotificationEvent.VoteUnconfirmed,
      payload: { fundName: 'Riverside Fund', roundName: 'Summer 2027', votePath: '/funds/riverside/rounds/summer-2027/vote/check', closesAt: closesAt.toISOString(), unconfirmedLots: '', changedLots: '' },
    });
  });

  it('tells a voter whose confirmed ballot still counts that their change is not confirmed, naming the lot', () => {
    expect(reminderFor(round(true), closesAt, [{ lotKey: 'lot-town', confirmedBefore: true }])).toMatchObject({
      event: NotificationEvent.VoteChangeUnconfirmed,
      payload: { votePath: '/funds/riverside/rounds/summer-2027/vote/check?lot=lot-town', unconfirmedLots: '', changedLots: 'Town centre' },
    });
  });

  it('sends a voter with ballots in several lots one email, to the ballot page, as unconfirmed if any never was', () => {
    expect(
      reminderFor(round(true), closesAt, [
        { lotKey: 'lot-north', confirmedBefore: false },
        { lotKey: 'lot-town', confirmedBefore: true },
      ]),
    ).toMatchObject({ event: NotificationEvent.VoteUnconfirmed, payload: { votePath: '/funds/riverside/rounds/summer-2027/vote', unconfirmedLots: 'Northside', changedLots: 'Town centre' } });
  });
});

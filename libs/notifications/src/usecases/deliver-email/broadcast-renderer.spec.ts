import { ViewRenderer, type AppConfig } from '@commonpurse/kernel';
import { NotificationEvent, EVENT_CATEGORY } from '../../domain/notification-event';
import { TEMPLATE_SAMPLES } from '../../domain/template-samples';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { BroadcastRenderer } from './broadcast-renderer';
import { NotificationRenderer, type RenderableRow } from './notification-renderer';

const config = { publicUrl: 'https://grants.example.org', sessionSecret: 'a'.repeat(64) } as AppConfig;
const renderer = new NotificationRenderer(new ViewRenderer(), config, new UnsubscribeLinks(config));

const NAMES = [
  'Sam',
  'Voter 12345',
  'Siân Ŵyn ap Gruffydd',
  `O'Brien & <Sons> "Ltd" \\ back`,
  'Bartholomew Maximilian Featherstonehaugh-Cholmondeley Wolfeschlegelsteinhausenbergerdorff the Third',
  'A',
  'Ffion 🌈 Jones',
  'two  spaces',
  ' leading',
  '',
  null,
];
const ACCOUNTS = ['7e0b6c1e-1111-4111-8111-111111111111', '0f6c4b7e-2b1d-4c55-9c1e-5b8c2d6c9a01', null];

function rows(): RenderableRow[] {
  const all: RenderableRow[] = [];
  for (const event of Object.values(NotificationEvent))
    for (const language of ['en', 'cy'] as const)
      for (const [n, name] of NAMES.entries())
        for (const [a, accountId] of ACCOUNTS.entries())
          all.push({
            eventType: event,
            category: a === 0 ? 'account' : EVENT_CATEGORY[event],
            language,
            payload: { ...TEMPLATE_SAMPLES[event].payload, name },
            recipientAccountId: accountId,
            recipientAddress: `person-${n}-${a}@example.org`,
          });
  return all;
}

describe('BroadcastRenderer', () => {
  it('renders every message exactly as rendering it in full does, the first of its kind and the ones after', () => {
    const broadcast = new BroadcastRenderer(renderer);
    for (const round of [1, 2])
      for (const row of rows()) {
        const secrets = row.category === 'account' ? TEMPLATE_SAMPLES[row.eventType as NotificationEvent].secrets : {};
        expect([round, row.payload.name, broadcast.render(row, secrets)]).toEqual([round, row.payload.name, renderer.render(row, secrets)]);
      }
  });

  it('renders a broadcast’s template once per language and shape of name, not once per message', () => {
    const broadcast = new BroadcastRenderer(renderer);
    const spy = jest.spyOn(renderer, 'renderWith');
    const payload = { ...TEMPLATE_SAMPLES[NotificationEvent.VotingOpened].payload };
    for (let i = 0; i < 200; i++)
      broadcast.render(
        { eventType: NotificationEvent.VotingOpened, category: 'news', language: i % 2 ? 'cy' : 'en', payload: { ...payload, name: `Voter ${100 + (i % 100)}` }, recipientAccountId: ACCOUNTS[i % 2], recipientAddress: `v${i}@example.org` },
        {},
      );
    expect(spy).toHaveBeenCalledTimes(4); // en and cy, each in full once and with stand-ins once
    spy.mockRestore();
  });
});

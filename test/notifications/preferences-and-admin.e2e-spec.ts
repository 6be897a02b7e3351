import type { INestApplicationContext } from '@nestjs/common';
import { createAccount, query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { NotificationRenderer } from '../../libs/notifications/src/usecases/deliver-email/notification-renderer';
import { deliveryStatus } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

describe('notification preferences, unsubscribe links and the admin pages', () => {
  let t: TestApp;
  let renderer: NotificationRenderer;
  let renderContext: INestApplicationContext;
  beforeAll(async () => {
    t = await startTestApp({ NOTIFY_RETRY_BASE_MS: '100' });
    renderContext = await createWorker();
    renderer = renderContext.get(NotificationRenderer);
  });
  afterAll(async () => {
    await renderContext.close();
    await t.close();
  });

  it('lets a resident turn optional emails off and on, but not account emails', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const page = await web.get('/account/notifications').expect(200);
    expect(page.text).toContain('value="reminders" checked');
    expect(page.text).toContain('value="news" checked');
    expect(page.text).not.toContain('value="account"');

    const saved = await web.submit('/account/notifications', { categories: 'reminders' });
    expect(saved.status).toBe(303);
    const after = await web.get('/account/notifications?saved=1').expect(200);
    expect(after.text).toContain('Your choices have been saved');
    expect(after.text).toContain('value="reminders" checked');
    expect(after.text).not.toContain('value="news" checked');
    expect(await query(t.db.url, 'SELECT category, enabled FROM notification_preferences WHERE account_id = $1 ORDER BY category', [account.id])).toEqual([
      { category: 'news', enabled: false },
      { category: 'reminders', enabled: true },
    ]);
  });

  it('puts a one-click unsubscribe link in optional emails only (RFC 8058)', () => {
    const base = { eventType: 'already-registered', language: 'en' as const, payload: { name: 'N' }, recipientAccountId: '7e0b6c1e-1111-4111-8111-111111111111', recipientAddress: 'n@example.org' };
    const news = renderer.render({ ...base, category: 'news' }, {});
    expect(news.headers?.['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/7e0b6c1e-1111-4111-8111-111111111111\.news\.[\w-]+>$/);
    expect(news.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(news.html).toContain('Unsubscribe from these emails');
    const account = renderer.render({ ...base, category: 'account' }, {});
    expect(account.headers?.['List-Unsubscribe']).toBeUndefined();
    expect(account.html).not.toContain('Unsubscribe');
  });

  it('unsubscribes with one click from a mail client: no session, no form token', async () => {
    const account = await createAccount(t.db.url);
    const link = renderer.render({ eventType: 'already-registered', category: 'news', language: 'en', payload: {}, recipientAccountId: account.id, recipientAddress: account.email }, {}).headers!['List-Unsubscribe'].slice(1, -1);
    const path = new URL(link).pathname;
    const response = await t.http().post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(response.status).toBe(200);
    expect(response.text).toContain('You have unsubscribed');
    expect(await query(t.db.url, 'SELECT category, enabled FROM notification_preferences WHERE account_id = $1', [account.id])).toEqual([{ category: 'news', enabled: false }]);
  });

  it('asks before unsubscribing when the link is opened, and refuses a forged link', async () => {
    const account = await createAccount(t.db.url);
    const link = renderer.render({ eventType: 'already-registered', category: 'reminders', language: 'en', payload: {}, recipientAccountId: account.id, recipientAddress: account.email }, {}).headers!['List-Unsubscribe'].slice(1, -1);
    const path = new URL(link).pathname;
    const page = await t.http().get(path).expect(200);
    expect(page.text).toContain('Unsubscribe from reminders');
    expect(await query(t.db.url, 'SELECT count(*)::int AS n FROM notification_preferences WHERE account_id = $1', [account.id])).toEqual([{ n: 0 }]);
    const forged = path.replace('.reminders.', '.news.');
    await t.http().get(forged).expect(404);
    await t.http().post(forged).expect(404);
    await t.http().post(`/unsubscribe/${account.id}.account.x`).expect(404);
  });

  it('never sends an optional email to someone who turned it off', async () => {
    const account = await createAccount(t.db.url);
    await query(t.db.url, `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, 'news', false)`, [account.id]);
    await query(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_account_id, recipient_address, language)
       VALUES ('news-test:' || $1, 'news-test', 'already-registered', 'news', 'email', $1::uuid, $2, 'en')`,
      [account.id, account.email],
    );
    expect(await deliveryStatus(t.db.url, account.email, 'skipped')).toBe('skipped');
    expect(t.mail.all().filter((m) => m.to.includes(account.email))).toEqual([]);
  });

  it('shows admins the undelivered messages and sends them again', async () => {
    const admin = await createAccount(t.db.url, { roles: [{ role: 'admin' }] });
    const victim = await createAccount(t.db.url);
    t.mail.refuse(victim.email, 550, 1); // refused once, accepted after
    await new WebSession(t).submit('/forgotten-password', { email: victim.email });
    expect(await deliveryStatus(t.db.url, victim.email, 'failed')).toBe('failed');
    const web = new WebSession(t);
    await web.signIn(admin.email, admin.password);
    const page = await web.get('/admin/notifications/failures').expect(200);
    expect(page.text).toContain(victim.email);
    expect(page.text).toContain('550');
    const id = page.text.match(/action="\/admin\/notifications\/failures\/([0-9a-f-]+)\/retry"/)![1];
    const retried = await web.submit('/admin/notifications/failures', {}, `/admin/notifications/failures/${id}/retry`);
    expect(retried.status).toBe(303);
    const mail = await t.mail.waitFor(victim.email);
    expect(mail.subject).toBe('Reset your Commonpurse password');
    const after = await web.get('/admin/notifications/failures').expect(200);
    expect(after.text).not.toContain(victim.email);
  });

  it('keeps the failures page and the queue dashboard from anyone but admins', async () => {
    const resident = await createAccount(t.db.url);
    const admin = await createAccount(t.db.url, { roles: [{ role: 'admin' }] });
    await t.http().get('/admin/queues').expect(303).expect('location', '/sign-in?returnTo=%2Fadmin%2Fqueues');
    const asResident = new WebSession(t);
    await asResident.signIn(resident.email, resident.password);
    await asResident.get('/admin/queues').expect(403);
    await asResident.get('/admin/notifications/failures').expect(403);
    const asAdmin = new WebSession(t);
    await asAdmin.signIn(admin.email, admin.password);
    const dashboard = await asAdmin.get('/admin/queues').expect(200);
    expect(dashboard.text).toContain('Commonpurse queues');
    const queues = await asAdmin.get('/admin/queues/api/queues').expect(200);
    expect(JSON.stringify(queues.body)).toContain('notifications-email');
    // The dashboard's own actions are JSON calls without a form token: accepted from this origin only.
    await asAdmin.agent.put('/admin/queues/api/queues/maintenance/pause').set('Origin', t.url).expect(200);
    await asAdmin.agent.put('/admin/queues/api/queues/maintenance/resume').set('Sec-Fetch-Site', 'same-origin').expect(200);
    await asAdmin.agent.put('/admin/queues/api/queues/maintenance/pause').set('Origin', 'https://evil.example').expect(403);
    await asResident.agent.put('/admin/queues/api/queues/maintenance/pause').set('Origin', t.url).expect(403);
  });

  it('previews every template with sample data, in English and Welsh, for admins only', async () => {
    const admin = await createAccount(t.db.url, { roles: [{ role: 'admin' }] });
    const resident = await createAccount(t.db.url);
    const asAdmin = new WebSession(t);
    await asAdmin.signIn(admin.email, admin.password);
    const list = await asAdmin.get('/admin/notifications/templates').expect(200);
    const events = [...list.text.matchAll(/href="\/admin\/notifications\/templates\/([\w-]+)\?lang=en"/g)].map((m) => m[1]);
    expect(events.sort()).toEqual(['already-registered', 'application-received', 'applications-opened', 'co-design-closing', 'co-design-opened', 'panel-question', 'panel-selected', 'password-reset', 'screening-decision', 'verify-email', 'vote-change-unconfirmed', 'vote-unconfirmed', 'voting-opened']);
    for (const event of events) {
      const en = await asAdmin.get(`/admin/notifications/templates/${event}?lang=en`).expect(200);
      const cy = await asAdmin.get(`/admin/notifications/templates/${event}?lang=cy`).expect(200);
      expect(en.text).toContain('sam.sample@example.org');
      expect(cy.text).not.toBe(en.text);
      const html = await asAdmin.get(`/admin/notifications/templates/${event}/html?lang=cy`).expect(200);
      expect(html.headers['content-security-policy']).toContain("default-src 'none'");
      expect(html.text).toContain('<html lang="cy">');
    }
    await asAdmin.get('/admin/notifications/templates/no-such-event').expect(404);
    const asResident = new WebSession(t);
    await asResident.signIn(resident.email, resident.password);
    await asResident.get('/admin/notifications/templates').expect(403);
    await asResident.get('/admin/notifications/templates/verify-email/html').expect(403);
  });
});

import { createHmac } from 'node:crypto';
import { PermanentDeliveryFailure } from '../domain/delivery-failure';
import { NOTIFY_URL, NotifyEmailSender } from './notify-email-sender';

const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const KEY = `commonpurse_live-${SERVICE}-${SECRET}`;
const TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a';
const message = { to: 'sam@example.org', subject: 'Voting is open', text: 'Vote now.', html: '<p>Vote now.</p>', messageId: '<abc@commonpurse>' };

/** Only the request's shape is checked here: Notify itself is never called from tests. */
describe('NotifyEmailSender', () => {
  function sender(status: number, body: string) {
    const requests: Array<{ url: string; init: { method: string; headers: Record<string, string>; body: string } }> = [];
    const fake = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
      requests.push({ url, init });
      return { status, text: async () => body };
    };
    return { requests, sender: new NotifyEmailSender(KEY, TEMPLATE, fake, () => 1_795_000_000_000) };
  }

  it('posts the message to Notify’s email endpoint with our template and a reference', async () => {
    const { requests, sender: notify } = sender(201, JSON.stringify({ id: 'notify-id-1' }));
    await expect(notify.send(message)).resolves.toBe('notify-id-1');
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(NOTIFY_URL);
    expect(requests[0].init.method).toBe('POST');
    expect(JSON.parse(requests[0].init.body)).toEqual({
      email_address: 'sam@example.org',
      template_id: TEMPLATE,
      personalisation: { subject: 'Voting is open', body: 'Vote now.' },
      reference: '<abc@commonpurse>',
    });
  });

  it('signs a JWT with the key’s secret, issued by the service', async () => {
    const { requests, sender: notify } = sender(201, '{}');
    await notify.send(message);
    const token = requests[0].init.headers.Authorization.replace('Bearer ', '');
    const [header, claims, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({ iss: SERVICE, iat: 1_795_000_000 });
    expect(signature).toBe(createHmac('sha256', SECRET).update(`${header}.${claims}`).digest('base64url'));
  });

  it('treats a refused message as permanent and a busy service as temporary', async () => {
    await expect(sender(400, '{"errors":[{"error":"BadRequestError"}]}').sender.send(message)).rejects.toBeInstanceOf(PermanentDeliveryFailure);
    const busy = sender(429, 'rate limit').sender.send(message);
    await expect(busy).rejects.toThrow('429');
    await expect(busy).rejects.not.toBeInstanceOf(PermanentDeliveryFailure);
  });
});

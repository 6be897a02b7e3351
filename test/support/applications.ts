import { createAccount } from '@commonpurse/testing';
import type { FundSetUp, RoundSetUp } from './funds';
import type { TestApp } from './test-app';
import { accessToken } from './web-session';

export interface ApplicantSetUp {
  token: string;
  account: { id: string; email: string; password: string };
  applicationIds: string[];
}

/**
 * An applicant who submits one complete application per title to a round taking applications
 * (each for its own organisation, in BS5, or where the round has lots in the lot `lotIds` gives
 * it), which officers then screen eligible: what the community panel reviews.
 */
export async function eligibleApplications(t: TestApp, fund: FundSetUp, round: RoundSetUp, titles: string[], lotIds: string[] = []): Promise<ApplicantSetUp> {
  const account = await createAccount(t.db.url, { postcode: 'BS5 6AA', displayName: 'Ada Applicant' });
  const token = await accessToken(t, account, ['applications:apply']);
  const as = (method: 'post' | 'put', path: string, body: object = {}) => t.http()[method](path).auth(token, { type: 'bearer' }).send(body);
  const applicationIds: string[] = [];
  for (const [i, title] of titles.entries()) {
    const orgId = (await as('post', '/api/v1/organisations', { name: `${title} group`, type: 'unregistered-group', addressLine1: `${i + 1} Road`, town: 'Bristol', postcode: 'BS5 6AH', contactName: 'Jo Contact', contactEmail: 'jo.contact@example.org' }).expect(201)).body.id;
    const id = (await as('post', `${round.base}/applications`).expect(201)).body.id;
    const path = `/api/v1/applications/${id}`;
    await as('put', `${path}/sections/organisation`, { version: 0, complete: true, organisationId: orgId }).expect(204);
    await as('put', `${path}/sections/project`, { version: 0, complete: true, title, summary: `${title}, briefly`, description: `All about ${title}.`, startOn: '2027-11-01', endOn: '2028-02-28' }).expect(204);
    await as('put', `${path}/sections/where`, { version: 0, complete: true, ...(lotIds[i] ? { lotId: lotIds[i] } : { areaCode: 'BS5' }), criterionIds: round.criterionIds }).expect(204);
    await as('put', `${path}/sections/budget`, { version: 0, complete: true, amountPence: (i + 1) * 1_000_00, lines: [{ item: 'Costs', amountPence: (i + 1) * 1_000_00 }] }).expect(204);
    await as('put', `${path}/sections/documents`, { version: 0, complete: true }).expect(204);
    await as('post', `${path}/submit`, { declaration: true }).expect(200);
    await t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${id}/screening`).auth(fund.manager, { type: 'bearer' }).send({ decision: 'eligible', reason: 'Meets every rule' }).expect(204);
    applicationIds.push(id);
  }
  return { token, account, applicationIds };
}

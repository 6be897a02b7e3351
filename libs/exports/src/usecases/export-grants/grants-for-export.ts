import { Injectable } from '@nestjs/common';
import { ApplicationQueries } from '@commonpurse/applications';
import { FundQueries, ukDay } from '@commonpurse/funds';
import { AppConfig } from '@commonpurse/kernel';
import { LedgerQueries } from '@commonpurse/ledger';
import { check360Giving, validatePackageMetadata, type ThreeSixtyGivingProblem } from '../../domain/three-sixty-giving-checks';
import { grantsPackage, OPEN_GOVERNMENT_LICENCE_V3, toGrant, type AwardForExport, type RecipientForExport, type ThreeSixtyGivingGrant, type ThreeSixtyGivingPackage } from '../../domain/three-sixty-giving';

const CHARITY_TYPES = new Set(['charity', 'cio']);
const COMPANY_TYPES = new Set(['company', 'cic']);

export interface GrantsExport {
  fund: { id: string; slug: string; name: string };
  /** The period asked for (award dates, inclusive), or null for all. */
  from: string | null;
  to: string | null;
  grants: ThreeSixtyGivingGrant[];
  package: ThreeSixtyGivingPackage | null;
  /** Everything the schema and the data-quality checks found; any critical one blocks the export. */
  problems: ThreeSixtyGivingProblem[];
  blocked: boolean;
}

/**
 * A fund's awards as 360Giving grants: each award that stands (not withdrawn) made in the period,
 * with the organisations whose money it is (as the ledger attributed it, lead funder first), the
 * recipient as screened, the ward it benefits, the fund and round as its programme, and what has
 * been paid. Checked grant by grant against the shipped schema and the data-quality checks.
 */
@Injectable()
export class GrantsForExport {
  constructor(
    private readonly config: AppConfig,
    private readonly funds: FundQueries,
    private readonly applications: ApplicationQueries,
    private readonly ledger: LedgerQueries,
  ) {}

  async build(fundId: string, period: { from: string | null; to: string | null }): Promise<GrantsExport> {
    const fund = await this.funds.detail(fundId);
    const [funders, awards, balances, transactions] = await Promise.all([this.funds.funders(fund.id), this.ledger.awards(fund.id), this.ledger.balances(fund.id), this.ledger.transactions(fund.id)]);
    const lead = funders[0];
    const base = { fund: { id: fund.id, slug: fund.slug, name: fund.name }, from: period.from, to: period.to };
    const problems: ThreeSixtyGivingProblem[] = [];
    if (!lead?.grantPrefix) {
      problems.push({ grantId: null, check: 'NoGrantPrefix', critical: true, message: `Set the 360Giving grant-id prefix of ${lead?.name ?? 'the lead funder'} before publishing: grant ids start with it` });
    }
    const prefix = lead?.grantPrefix ?? '360G-unset';
    const standing = awards.filter((a) => !a.withdrawn).filter((a) => {
      const day = ukDay(a.awardedAt);
      return (!period.from || day >= period.from) && (!period.to || day <= period.to);
    });
    const grants: ThreeSixtyGivingGrant[] = [];
    for (const award of standing) {
      const round = fund.rounds.find((r) => r.id === award.roundId)!;
      const view = await this.applications.forManager(fund.id, award.roundId, award.applicationId);
      const { application, organisation } = view;
      const recipient: RecipientForExport =
        !organisation || organisation.type === 'individual'
          ? { kind: 'individual' }
          : {
              kind: 'organisation',
              internalId: organisation.id,
              name: organisation.name,
              ...(CHARITY_TYPES.has(organisation.type) && organisation.registrationNumber && { charityNumber: organisation.registrationNumber }),
              ...(COMPANY_TYPES.has(organisation.type) && organisation.registrationNumber && { companyNumber: organisation.registrationNumber }),
              postcode: organisation.postcode,
            };
      const attributed = new Set(balances.filter((b) => b.awardId === award.id && b.balancePence > 0).map((b) => b.organisationId));
      const payments = transactions.filter((t) => t.kind === 'payment' && t.memo.awardId === award.id);
      const modified = payments.reduce((latest, t) => (t.postedAt > latest ? t.postedAt : latest), award.awardedAt);
      const roundUrl = `${this.config.publicUrl}/funds/${fund.slug}/rounds/${round.slug}`;
      const input: AwardForExport = {
        awardId: award.id,
        title: application.title,
        description: application.summary,
        amountAwardedPence: award.amountPence,
        ...(application.amountPence !== null && { amountAppliedForPence: application.amountPence }),
        amountDisbursedPence: award.paidPence,
        currency: 'GBP',
        awardDate: ukDay(award.awardedAt),
        grantIdPrefix: prefix,
        fundingOrganisations: funders.filter((f) => attributed.has(f.id)).map((f) => ({ identifier: f.identifier, name: f.name })),
        recipient,
        beneficiaryWards: view.area?.kind === 'ward' ? [{ name: view.area.name ?? view.area.code, onsCode: view.area.code }] : [],
        programme: { fundSlug: fund.slug, fundName: fund.name, roundSlug: round.slug, roundName: round.name, url: roundUrl },
        ...((application.startOn || application.endOn) && { plannedDates: { ...(application.startOn && { startDate: application.startOn }), ...(application.endOn && { endDate: application.endOn }) } }),
        fromOpenCall: 'Yes',
        dateModified: modified.toISOString(),
        dataSource: `${this.config.publicUrl}/funds/${fund.slug}`,
      };
      grants.push(toGrant(input));
    }
    problems.push(...check360Giving(grants, { today: ukDay(new Date()) }).problems);
    let pkg: ThreeSixtyGivingPackage | null = null;
    if (grants.length > 0 && lead) {
      const now = new Date().toISOString();
      pkg = grantsPackage(grants, {
        title: `${fund.name}: grants${period.from || period.to ? ` ${period.from ?? '…'} to ${period.to ?? '…'}` : ''}`,
        identifier: `${prefix}-${fund.slug}-${ukDay(new Date())}`,
        issued: now,
        modified: now,
        publisher: { name: lead.name, identifier: lead.identifier },
        license: OPEN_GOVERNMENT_LICENCE_V3,
      });
      problems.push(...validatePackageMetadata(pkg));
    }
    return { ...base, grants, package: pkg, problems, blocked: problems.some((p) => p.critical) };
  }
}

import { Injectable } from '@nestjs/common';
import { FundQueries, type RoundDetail } from '@commonpurse/funds';
import { ResidentDirectory } from '@commonpurse/identity';
import type { Principal } from '@commonpurse/kernel';
import { budgetTotal, sectionsFor, type Answer, type BudgetLine, type Section } from '../domain/application-form';
import { ApplicationRepository, type ApplicationRow, type DecisionRow, type FileRow, type ListFilters, type SectionRow } from '../persistence/application.repository';
import { ApplicationsErrorCode, ApplicationsException } from '../domain/applications.exception';
import { FileStore } from '../persistence/file-store';
import { OrganisationRepository, type OrganisationRow } from '../persistence/organisation.repository';
import { ApplicationAccess, type ApplicationInRound } from './application-access';

export type TaskStatus = 'not-started' | 'in-progress' | 'completed';

export interface ApplicationView extends ApplicationInRound {
  organisation: OrganisationRow | null;
  /** Each of the form's sections in order, with its version (for the next save) and status. */
  sections: Array<SectionRow & { status: TaskStatus }>;
  criterionIds: string[];
  lines: BudgetLine[];
  linesTotal: number;
  answers: Record<string, Answer>;
  files: FileRow[];
  decisions: DecisionRow[];
  allComplete: boolean;
  /** For showing the answers: the lot or area chosen, the criteria addressed, the address lines, file names by id. */
  lot: RoundDetail['lots'][number] | null;
  area: RoundDetail['areas'][number] | null;
  addressed: Array<{ id: string; title: string }>;
  addressLines: string[];
  fileNames: Record<string, string>;
}

/** What applicants and the fund's managers read about applications. */
@Injectable()
export class ApplicationQueries {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly funds: FundQueries,
    private readonly residents: ResidentDirectory,
    private readonly store: FileStore,
  ) {}

  /** A person's organisations and the applications they can work on, newest first, with their rounds. */
  async mine(person: Principal): Promise<{ organisations: OrganisationRow[]; applications: Array<ApplicationRow & { round: RoundDetail }> }> {
    const organisations = await this.organisations.forMember(person.accountId);
    const ofOrganisations = await this.applications.forOrganisations(organisations.map((o) => o.id));
    const ownDrafts = (await this.applications.createdBy(person.accountId)).filter((a) => !a.organisationId);
    const all = [...ownDrafts, ...ofOrganisations].sort((a, b) => +new Date(b.updatedAt) - +new Date(a.updatedAt));
    const rounds = new Map<string, RoundDetail>();
    for (const id of new Set(all.map((a) => a.roundId))) rounds.set(id, await this.funds.roundById(id));
    return { organisations, applications: all.map((a) => ({ ...a, round: rounds.get(a.roundId)! })) };
  }

  async forApplicant(person: Principal, applicationId: string): Promise<ApplicationView> {
    return this.complete(await this.access.forApplicant(person, applicationId));
  }

  /** For officers: the organisation as it stood when the application was submitted (or last changed), which is what they screen. */
  async forManager(fundId: string, roundId: string, applicationId: string): Promise<ApplicationView> {
    return asSubmitted(await this.complete(await this.access.forManager(fundId, roundId, applicationId)));
  }

  /** A round's eligible applications: what its community panel reviews. */
  eligible(roundId: string): ReturnType<ApplicationRepository['forRound']> {
    return this.applications.forRound(roundId, { status: 'eligible' });
  }

  /**
   * One eligible application as the community panel reads it: as submitted, without the
   * organisation's contact details (the panel asks its questions through the platform).
   */
  async forPanel(roundId: string, applicationId: string): Promise<ApplicationView> {
    const view = asSubmitted(await this.complete(await this.access.forPanel(roundId, applicationId)));
    return view.organisation ? { ...view, organisation: { ...view.organisation, contactName: '', contactEmail: '', contactPhone: null } } : view;
  }

  /** A file of an application, for someone whose right to it the caller has checked. */
  async file(view: ApplicationView, fileId: string): Promise<{ file: FileRow; bytes: Buffer }> {
    const file = view.files.find((f) => f.id === fileId);
    if (!file) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.files.notFound');
    return { file, bytes: await this.store.read(file.storedAs) };
  }

  /** The round's applications that have been submitted, for its fund's managers, filtered. */
  async list(fundId: string, roundId: string, filters: ListFilters): Promise<{ round: RoundDetail; applications: Awaited<ReturnType<ApplicationRepository['forRound']>> }> {
    const round = await this.funds.round(fundId, roundId);
    return { round, applications: await this.applications.forRound(round.id, filters) };
  }

  /** An organisation's members, by name and email (for its other members only: the page checks). */
  async membersOf(organisationId: string): Promise<Array<{ accountId: string; displayName: string; email: string }>> {
    const people = await this.residents.byIds(await this.organisations.members(organisationId));
    return people.map((p) => ({ accountId: p.accountId, displayName: p.name, email: p.email }));
  }

  organisationsOf(person: Principal): Promise<OrganisationRow[]> {
    return this.organisations.forMember(person.accountId);
  }

  async organisation(person: Principal, organisationId: string): Promise<OrganisationRow | undefined> {
    if (!(await this.organisations.isMember(organisationId, person.accountId))) return undefined;
    return this.organisations.find(organisationId);
  }

  private async complete(found: ApplicationInRound): Promise<ApplicationView> {
    const { application, form } = found;
    const [organisation, stored, criterionIds, lines, answers, files, decisions] = await Promise.all([
      application.organisationId ? this.organisations.find(application.organisationId) : Promise.resolve(undefined),
      this.applications.sections(application.id),
      this.applications.criteria(application.id),
      this.applications.lines(application.id),
      this.applications.answers(application.id),
      this.applications.files(application.id),
      this.applications.decisions(application.id),
    ]);
    const order = sectionsFor(form, application.stage);
    const sections = order
      .map((name) => stored.find((s) => s.section === name))
      .filter((s): s is SectionRow => !!s)
      .map((s) => ({ ...s, status: (s.completed ? 'completed' : s.version > 0 ? 'in-progress' : 'not-started') as TaskStatus }));
    return {
      ...found,
      organisation: organisation ?? null,
      sections,
      criterionIds,
      lines,
      linesTotal: budgetTotal(lines),
      answers,
      files,
      decisions,
      allComplete: sections.every((s) => s.completed),
      lot: found.round.lots.find((l) => l.id === application.lotId) ?? null,
      area: found.round.areas.find((a) => a.code === application.areaCode) ?? null,
      addressed: found.round.criteria.filter((c) => criterionIds.includes(c.id)).map((c) => ({ id: c.id, title: c.title })),
      addressLines: organisation ? [organisation.addressLine1, organisation.addressLine2, organisation.town, organisation.postcode].filter((l): l is string => !!l) : [],
      fileNames: Object.fromEntries(files.map((f) => [f.id, f.fileName])),
    };
  }
}

/** The organisation as it stood when the application was submitted (or last changed). */
function asSubmitted(view: ApplicationView): ApplicationView {
  const snapshot = view.application.organisationSnapshot;
  if (!snapshot || !view.organisation) return view;
  const organisation = { ...view.organisation, ...snapshot };
  return { ...view, organisation, addressLines: [snapshot.addressLine1, snapshot.addressLine2, snapshot.town, snapshot.postcode].filter((l): l is string => !!l) };
}

export function sectionOf(view: ApplicationView, section: Section) {
  return view.sections.find((s) => s.section === section);
}

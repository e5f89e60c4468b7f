import type { EntityManager } from 'typeorm';
import { type GrantProject } from '../../projects/grant-project.entity';
import { PolicyDecision } from '../report/assessment';
import type { NewEdition, ReportEditionsRepository } from '../report/report-editions.repository';
import type { ResultReport } from '../report/result-report.entity';
import { ReportStatus } from '../rules/report-status';
import { ReportEditions } from './report-editions';

const project = {
  id: 'project-1',
  organizationId: 'org-1',
  department: { name: '経済部' },
  grantType: { code: 'promotion', label: '地方創生推進交付金' },
  name: '地域の稼ぐ力向上プロジェクト',
  planStartFiscalYear: 2020,
  planEndFiscalYear: 2024,
  overview: '販路拡大の取組を進める。',
  partnerMunicipalities: [],
  kpis: [],
} as unknown as GrantProject;

/** R4's report just published, answering R3's decision to continue. */
const r4 = {
  id: 'report-r4',
  organizationId: 'org-1',
  projectId: project.id,
  project,
  fiscalYear: 2022,
  status: ReportStatus.Published,
  version: 5,
  budgetLines: [],
  kpiResults: [],
  acknowledgedWarnings: [],
  editions: [],
  effectNarrative: '',
  panelOpinion: '',
  policyReason: '',
  previousPolicyFollowUp: '方針に沿って販路を広げた。',
  previousDecision: {
    fiscalYear: 2021,
    decision: PolicyDecision.Continue,
    label: '事業の継続',
    reason: '順調である。',
  },
} as unknown as ResultReport;

const onTheRecord = (fiscalYear: number) =>
  ({
    id: `report-${fiscalYear}`,
    projectId: project.id,
    fiscalYear,
    status: ReportStatus.Published,
    kpiResults: [],
  }) as unknown as ResultReport;

/** ReportEditions writing into a list; `followUps` reads the follow-up of each edition written, in order. */
function editions() {
  const written: NewEdition[] = [];
  const repository = {
    nextEditionOf: () => Promise.resolve({ edition: 1, panelMemberNames: [], panelNamed: false }),
    add: (_manager: EntityManager, edition: NewEdition) => (written.push(edition), Promise.resolve(edition)),
    addAll: (_manager: EntityManager, added: NewEdition[]) => (written.push(...added), Promise.resolve()),
  } as unknown as ReportEditionsRepository;
  const followUps = () => written.map((edition) => edition.snapshot.followUp);
  return { service: new ReportEditions(repository), followUps };
}

const by = { userId: 'planner-1', correctionReason: null, policyCorrectedBy: null };
const manager = {} as EntityManager;

describe('ReportEditions: the earlier year’s decision a published edition names', () => {
  it('names the decision when that year’s report is on the public record as the edition is published', async () => {
    const { service, followUps } = editions();
    await service.record(manager, r4, [onTheRecord(2020), onTheRecord(2021)], by);
    const [followUp] = followUps();
    expect(followUp).toMatchObject({
      previousDecision: { fiscalYear: 2021, label: '事業の継続' },
      response: '方針に沿って販路を広げた。',
    });
    expect(followUp.previousDecisionUnnamed).toBeUndefined();
  });

  it('keeps the owner’s response but does not name a decision of a year not on the public record', async () => {
    const { service, followUps } = editions();
    await service.record(manager, r4, [onTheRecord(2020)], by);
    await service.recordFirstOfNew(manager, [{ report: r4, userId: null, publishedEarlier: [] }]);
    const unnamed = { previousDecision: null, previousDecisionUnnamed: true, response: '方針に沿って販路を広げた。' };
    expect(followUps()).toEqual([unnamed, unnamed]);
  });

  it('keeps the decision in the first edition of a report published before editions were kept, as it was published', async () => {
    const { service, followUps } = editions();
    await service.recordFirst(manager, r4);
    expect(followUps()[0].previousDecision).toMatchObject({ fiscalYear: 2021, label: '事業の継続' });
  });
});

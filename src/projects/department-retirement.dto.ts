import { ApiProperty } from '@nestjs/swagger';
import { DepartmentView } from '../organizations/organizations.dto';
import type { RetirementPreview } from './department-retirement.service';
import { projectTitle } from './project-title';

export class RetiringProjectView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'No.3 移住促進事業', description: 'its number (事業番号) and name, as lists name it' })
  title: string;
}

/** A report not on the published record: its project's department's, so it moves to the successor with it. */
export class RetiringReportView {
  @ApiProperty() id: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ example: 'No.3 移住促進事業', description: 'its project, as projects names it' })
  projectTitle: string;
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiProperty({ example: 'draft' }) status: string;
  @ApiProperty({ example: '作成中' }) statusLabel: string;
}

export class RetiringOwnerView {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
}

/** What POST …/retirement would do with the same successor: the page's confirmation, for a client to show. */
export class RetirementPreviewView {
  @ApiProperty({ type: DepartmentView }) department: DepartmentView;
  @ApiProperty({ type: DepartmentView, nullable: true, description: 'the 統合先 they move to' })
  successor: DepartmentView | null;
  @ApiProperty({ type: [RetiringProjectView], description: 'projects that move' })
  projects: RetiringProjectView[];
  @ApiProperty({
    type: [RetiringReportView],
    description:
      'reports of those projects not on the published record, which move with them (by project, oldest year first)',
  })
  reports: RetiringReportView[];
  @ApiProperty({ type: [RetiringOwnerView], description: 'people whose 事業担当課 role moves to the successor' })
  owners: RetiringOwnerView[];

  static from({ department, successor, projects, reports, owners }: RetirementPreview): RetirementPreviewView {
    const titles = new Map(projects.map((project) => [project.id, projectTitle(project)]));
    return {
      department: DepartmentView.from(department),
      successor: successor ? DepartmentView.from(successor) : null,
      projects: projects.map((project) => ({ id: project.id, title: titles.get(project.id)! })),
      reports: reports.map(({ id, projectId, fiscalYear, status, statusLabel }) => ({
        id,
        projectId,
        projectTitle: titles.get(projectId)!,
        fiscalYear,
        status,
        statusLabel,
      })),
      owners: owners.map((owner) => ({ userId: owner.id, displayName: owner.displayName })),
    };
  }
}

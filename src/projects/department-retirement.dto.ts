import { ApiProperty } from '@nestjs/swagger';
import { DepartmentView } from '../organizations/organizations.dto';
import type { RetirementPreview } from './department-retirement.service';
import { projectTitle } from './project-title';

export class RetiringProjectView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'No.3 移住促進事業', description: 'its number (事業番号) and name, as lists name it' })
  title: string;
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
  @ApiProperty({ type: [RetiringProjectView], description: 'projects that move, with their reports in flight' })
  projects: RetiringProjectView[];
  @ApiProperty({ type: [RetiringOwnerView], description: 'people whose 事業担当課 role moves to the successor' })
  owners: RetiringOwnerView[];

  static from({ department, successor, projects, owners }: RetirementPreview): RetirementPreviewView {
    return {
      department: DepartmentView.from(department),
      successor: successor ? DepartmentView.from(successor) : null,
      projects: projects.map((project) => ({ id: project.id, title: projectTitle(project) })),
      owners: owners.map((owner) => ({ userId: owner.id, displayName: owner.displayName })),
    };
  }
}

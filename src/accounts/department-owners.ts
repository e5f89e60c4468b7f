import { Injectable } from '@nestjs/common';
import { Role } from '../access/role';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReportsService } from '../reports/reports.service';
import { ReportStatus } from '../reports/rules/report-status';
import { UsersService } from '../users/users.service';

/** Reports their department's owner carries on (a draft, a returned one, a correction). */
const DRAFTING: readonly ReportStatus[] = [ReportStatus.Draft, ReportStatus.Correcting];
/** Reports submitted, which come back to the owner when returned. */
const SUBMITTED: readonly ReportStatus[] = [ReportStatus.Submitted, ReportStatus.CorrectionSubmitted];
/** Reports with the experts, who ask the owner questions; they are no longer returned. */
const WITH_EXPERTS: readonly ReportStatus[] = [ReportStatus.InExpertReview];

export interface OpenReport {
  fiscalYear: number;
  projectTitle: string;
}

/** A department with no 事業担当課 who can sign in, and the reports that then wait for nobody. */
export interface OwnerlessDepartment {
  departmentId: string;
  name: string;
  drafting: OpenReport[];
  submitted: OpenReport[];
  withExperts: OpenReport[];
}

/**
 * Who is left to carry a department's reports: a department whose last project owner goes (a role taken, an account
 * deactivated) leaves its drafts and reports in review with nobody, which nothing else would say. Only departments
 * with such reports count: an empty one needs nobody yet.
 */
@Injectable()
export class DepartmentOwners {
  constructor(
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly reports: ReportsService,
  ) {}

  /** The departments without an owner who can sign in now, that have open reports. */
  withoutOwner(organizationId: string): Promise<OwnerlessDepartment[]> {
    return this.ownerlessAfter(organizationId, () => true, false);
  }

  /**
   * The departments left without an owner once the user is gone (their every role, for a deactivation) or once they
   * lose the project owner role of one department (`departmentId`, for a role taken), that have open reports.
   */
  leftBy(organizationId: string, userId: string, departmentId?: string): Promise<OwnerlessDepartment[]> {
    return this.ownerlessAfter(
      organizationId,
      (owner) => owner.userId !== userId || (departmentId !== undefined && owner.departmentId !== departmentId),
      true,
    );
  }

  private async ownerlessAfter(
    organizationId: string,
    stays: (owner: { userId: string; departmentId: string }) => boolean,
    leftOnly: boolean,
  ): Promise<OwnerlessDepartment[]> {
    const [members, departments] = await Promise.all([
      this.users.listMembers(organizationId),
      // A retired department's work went to its successor: it has nobody to wait for.
      this.organizations.listCurrentDepartments(organizationId),
    ]);
    const owners = members
      .filter((member) => !member.deactivatedAt)
      .flatMap((member) =>
        (member.memberships ?? [])
          .filter((membership) => membership.role === Role.ProjectOwner && membership.departmentId)
          .map((membership) => ({ userId: member.id, departmentId: membership.departmentId! })),
      );
    const ownedBefore = new Set(owners.map((owner) => owner.departmentId));
    const ownedAfter = new Set(owners.filter(stays).map((owner) => owner.departmentId));
    // Left by someone: only departments they were an owner of; for the organization as it is, every unowned one.
    const candidates = departments.filter(
      (department) => !ownedAfter.has(department.id) && (!leftOnly || ownedBefore.has(department.id)),
    );
    const open = await this.reports.inStatusesOfDepartments(
      organizationId,
      candidates.map((department) => department.id),
      [...DRAFTING, ...SUBMITTED, ...WITH_EXPERTS],
    );
    return candidates
      .map((department) => {
        const own = open.filter((report) => report.departmentId === department.id);
        const shown = ({ fiscalYear, projectTitle }: OpenReport) => ({ fiscalYear, projectTitle });
        return {
          departmentId: department.id,
          name: department.name,
          drafting: own.filter((report) => DRAFTING.includes(report.status)).map(shown),
          submitted: own.filter((report) => SUBMITTED.includes(report.status)).map(shown),
          withExperts: own.filter((report) => WITH_EXPERTS.includes(report.status)).map(shown),
        };
      })
      .filter(
        (department) => department.drafting.length + department.submitted.length + department.withExperts.length > 0,
      );
  }
}

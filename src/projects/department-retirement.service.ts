import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { actorEvent, auditActorOf, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { Department } from '../organizations/department.entity';
import { assertRetirable, unknownSuccessor } from '../organizations/department-succession';
import { DepartmentsRepository } from '../organizations/departments.repository';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { GrantProject } from './grant-project.entity';
import { type MovingRecord, ProjectEdits } from './project-edits';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

/**
 * What a retirement would do: the projects that move to the successor, with their reports not on the published record
 * (by project, as listed, then oldest year first), and the people whose owner role moves there.
 */
export interface RetirementPreview {
  department: Department;
  successor: Department | null;
  projects: GrantProject[];
  reports: MovingRecord[];
  owners: User[];
}

/**
 * 課の廃止・統合 (the April reorganization): a department is retired in one step with its projects moved to the
 * successor, each as a move of its 事業担当課 is (so its reports in flight follow, and published ones keep the department
 * they were published under), and its owners' roles moved there too, so nobody loses the work they carry on. The
 * department stays, retired, for the history that names it.
 */
@Injectable()
export class DepartmentRetirementService {
  constructor(
    private readonly transactions: Transactions,
    private readonly departments: DepartmentsRepository,
    private readonly projects: ProjectsRepository,
    private readonly projectMoves: ProjectsService,
    private readonly projectEdits: ProjectEdits,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * What retiring the department into the successor would move, for the page's confirmation and the API's alike;
   * refused as the retirement itself would be, so that a client confirms only what can be carried out.
   */
  async preview(actor: OrganizationActor, departmentId: string, successorId?: string): Promise<RetirementPreview> {
    const organizationId = actor.organizationId;
    const [department, successor] = await Promise.all([
      this.departments.findIn(organizationId, departmentId),
      successorId ? this.departments.findIn(organizationId, successorId) : null,
    ]);
    if (!department) throw new NotFoundException('Department not found in this organization.');
    if (successorId && !successor) throw unknownSuccessor();
    const [projects, owners] = await Promise.all([
      this.projectMoves.list(actor, { departmentId }),
      this.users.listMembers(organizationId, { role: Role.ProjectOwner, departmentId }),
    ]);
    assertRetirable(department, successor, { projects: projects.length, owners: owners.length });
    const order = new Map(projects.map((project, index) => [project.id, index]));
    const reports = (await this.projectEdits.movingWith(organizationId, [...order.keys()])).sort(
      (a, b) => order.get(a.projectId)! - order.get(b.projectId)! || a.fiscalYear - b.fiscalYear,
    );
    return { department, successor, projects, reports, owners };
  }

  async retire(actor: OrganizationActor, departmentId: string, successorId?: string): Promise<Department> {
    const organizationId = actor.organizationId;
    return this.transactions.run(async (manager) => {
      const { department, successor } = await this.lockBoth(manager, organizationId, departmentId, successorId);
      const projectIds = await this.projects.lockIdsInDepartment(manager, organizationId, departmentId);
      const owners = await this.users.lockOwnersOf(manager, organizationId, departmentId);
      assertRetirable(department, successor, { projects: projectIds.length, owners: owners.length });
      for (const projectId of projectIds) await this.projectMoves.moveIn(manager, actor, projectId, successor!.id);
      const given = successor
        ? await this.users.moveOwnersIn(manager, organizationId, owners, successor.id, auditActorOf(actor))
        : [];
      department.retiredAt = new Date();
      department.successorId = successor?.id ?? null;
      const retired = await this.departments.save(manager, department);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'department.retired',
          { type: 'department', id: departmentId },
          {
            name: department.name,
            successorId: successor?.id ?? null,
            successorName: successor?.name ?? null,
            projectIds,
            movedMembershipIds: owners.map((owner) => owner.id),
            grantedMembershipIds: given.map((membership) => membership.id),
          },
        ),
      );
      return retired;
    });
  }

  /** Both rows locked in one order, so that two merges of the same pair in opposite directions cannot deadlock. */
  private async lockBoth(
    manager: EntityManager,
    organizationId: string,
    departmentId: string,
    successorId: string | undefined,
  ): Promise<{ department: Department; successor: Department | null }> {
    const ids = [...new Set([departmentId, ...(successorId ? [successorId] : [])])].sort();
    const locked = new Map<string, Department>();
    for (const id of ids) {
      const row = await this.departments.lockIn(manager, organizationId, id);
      if (row) locked.set(id, row);
    }
    const department = locked.get(departmentId);
    if (!department) throw new NotFoundException('Department not found in this organization.');
    if (successorId && !locked.has(successorId)) throw unknownSuccessor();
    return { department, successor: successorId ? locked.get(successorId)! : null };
  }
}

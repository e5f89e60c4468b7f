import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditActor, auditEvent, AuditLog } from '../audit/audit-log';
import { OrganizationCodes } from '../audit/organization-codes';
import { Transactions } from '../infra/database/transactions';
import { Department } from './department.entity';
import { DepartmentsRepository } from './departments.repository';
import { foldedName } from '../common/text';
import { currentSuccessorOf } from './department-succession';
import { isValidLocalGovernmentCode } from './local-government-code';
import { Organization, type OrganizationSettings } from './organization.entity';
import { DepartmentRenameRequest, OrganizationSettingsRequest } from './organizations.dto';
import { OrganizationsRepository } from './organizations.repository';
import { departmentChecksum, settingsChecksum, settingsOf } from './read-checksums';

@Injectable()
export class OrganizationsService implements OrganizationCodes {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly departments: DepartmentsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async get(organizationId: string): Promise<Organization> {
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw new NotFoundException('Organization not found.');
    return organization;
  }

  exists(organizationId: string): Promise<boolean> {
    return this.organizations.exists(organizationId);
  }

  /** With a manager, inside the caller's transaction. */
  findByCode(localGovernmentCode: string, manager?: EntityManager): Promise<Organization | null> {
    return this.organizations.findByCode(localGovernmentCode, manager);
  }

  /** With a manager, inside the caller's transaction. */
  findByIds(organizationIds: string[], manager?: EntityManager): Promise<Organization[]> {
    return this.organizations.findByIds(organizationIds, manager);
  }

  async codesOf(organizationIds: string[]): Promise<Map<string, string>> {
    if (organizationIds.length === 0) return new Map();
    const organizations = await this.organizations.findByIds(organizationIds);
    return new Map(organizations.map((organization) => [organization.id, organization.localGovernmentCode]));
  }

  /**
   * A new municipality, audited as the first entry of its own chain. With a manager, inside the caller's transaction
   * (the first administrator's, so that no municipality is left without one).
   */
  async create(
    name: string,
    localGovernmentCode: string,
    by: AuditActor,
    manager?: EntityManager,
  ): Promise<Organization> {
    if (!isValidLocalGovernmentCode(localGovernmentCode)) {
      throw new UnprocessableEntityException(
        `"${localGovernmentCode}" is not a valid 地方公共団体コード (6 digits with a check digit, e.g. 012041).`,
      );
    }
    const create = async (manager: EntityManager) => {
      if (await this.findByCode(localGovernmentCode, manager)) {
        throw new ConflictException(`An organization with code ${localGovernmentCode} already exists.`);
      }
      const organization = await this.organizations.add(manager, { name: name.trim(), localGovernmentCode });
      await this.audit.append(
        manager,
        auditEvent(
          organization.id,
          by,
          'organization.created',
          { type: 'organization', id: organization.id },
          { name: organization.name, localGovernmentCode },
        ),
      );
      return organization;
    };
    return manager ? create(manager) : this.transactions.run(create);
  }

  /** With a manager, inside the caller's transaction. */
  listDepartments(organizationId: string, manager?: EntityManager): Promise<Department[]> {
    return this.departments.listByName(organizationId, manager);
  }

  /**
   * Those not retired (廃止): what a new project, a project's move, an invitation and an import may choose, and what
   * the organization counts as its departments now. Past years' lists keep the retired ones (listDepartments).
   */
  listCurrentDepartments(organizationId: string, manager?: EntityManager): Promise<Department[]> {
    return this.departments.listCurrentByName(organizationId, manager);
  }

  async getDepartment(organizationId: string, departmentId: string): Promise<Department> {
    const department = await this.departments.findIn(organizationId, departmentId);
    if (!department) throw new NotFoundException('Department not found in this organization.');
    return department;
  }

  /** A department work may be given to: refused, naming where its work went, when it is retired (廃止). */
  async getCurrentDepartment(organizationId: string, departmentId: string): Promise<Department> {
    const department = await this.getDepartment(organizationId, departmentId);
    if (department.retiredAt) throw retiredDepartment(department, await this.listDepartments(organizationId));
    return department;
  }

  async createDepartment(organizationId: string, name: string, by: AuditActor): Promise<Department> {
    const folded = foldedName(name);
    await this.assertNameFree(organizationId, folded);
    return this.transactions.run(async (manager) => {
      const department = await this.departments.add(manager, { organizationId, name: folded });
      await this.audit.append(
        manager,
        auditEvent(
          organizationId,
          by,
          'department.created',
          { type: 'department', id: department.id },
          { name: department.name },
        ),
      );
      return department;
    });
  }

  /**
   * Renamed and audited with before and after; the same name again changes nothing and writes no entry, whatever was
   * read. A rename made from the department as it was before another (its checksum no longer the department's) would
   * put back the name that one gave: 409, nothing saved.
   */
  async renameDepartment(
    organizationId: string,
    departmentId: string,
    { name, checksum }: DepartmentRenameRequest,
    by: AuditActor,
  ): Promise<{ department: Department; changed: boolean }> {
    return this.transactions.run(async (manager) => {
      // Locked, so a rename beside this one cannot make its before-value wrong.
      const department = await this.departments.lockIn(manager, organizationId, departmentId);
      if (!department) throw new NotFoundException('Department not found in this organization.');
      const before = department.name;
      const folded = foldedName(name);
      if (folded === before) return { department, changed: false };
      // Before a name taken: the rename rests on a name the department no longer has, whatever name was typed.
      if (checksum !== departmentChecksum(department))
        throw new ConflictException({
          message: 'The department was renamed since it was read; nothing was saved. Read it again before renaming it.',
          details: { name: department.name, checksum: departmentChecksum(department) },
        });
      await this.assertNameFree(organizationId, folded, manager);
      department.name = folded;
      const saved = await this.departments.save(manager, department);
      const changes = [{ path: '/name', before, after: saved.name }];
      await this.audit.append(
        manager,
        auditEvent(organizationId, by, 'department.renamed', { type: 'department', id: departmentId }, { changes }),
      );
      return { department: saved, changed: true };
    });
  }

  /**
   * A municipality's own settings, audited with before and after; the same values again write no entry, whatever was
   * read. A change made from the settings as they were before another save (their checksum no longer theirs) would put
   * back what that save changed: 409, nothing saved.
   */
  async updateSettings(
    organizationId: string,
    { settingsChecksum: checksum, ...settings }: OrganizationSettingsRequest,
    by: AuditActor,
  ): Promise<{ organization: Organization; changed: boolean }> {
    return this.transactions.run(async (manager) => {
      // Locked, so a change beside this one cannot make its before-values wrong.
      const organization = await this.organizations.lock(manager, organizationId);
      if (!organization) throw new NotFoundException('Organization not found.');
      const changes = Object.entries(settings)
        .filter(([key, value]) => value !== undefined && organization[key as keyof OrganizationSettings] !== value)
        .map(([key, value]) => ({
          path: `/${key}`,
          before: organization[key as keyof OrganizationSettings],
          after: value,
        }));
      if (changes.length === 0) return { organization, changed: false };
      if (checksum !== settingsChecksum(organization))
        throw new ConflictException({
          message:
            "The organization's settings were saved since they were read; nothing was saved. Read them again before saving.",
          details: { settings: settingsOf(organization), settingsChecksum: settingsChecksum(organization) },
        });
      Object.assign(organization, settings);
      const saved = await this.organizations.save(manager, organization);
      await this.audit.append(
        manager,
        auditEvent(
          organizationId,
          by,
          'organization.settings_changed',
          { type: 'organization', id: organizationId },
          { changes },
        ),
      );
      return { organization: saved, changed: true };
    });
  }

  /** With a manager, inside the caller's transaction. */
  private async assertNameFree(organizationId: string, name: string, manager?: EntityManager): Promise<void> {
    if (await this.departments.nameTaken(organizationId, name, manager))
      throw new ConflictException(`A department named "${name}" already exists.`);
  }
}

/** The refusal of a retired department as a choice; it names the department that carries on its work, if any. */
export function retiredDepartment(department: Department, departments: Department[]): UnprocessableEntityException {
  const successor = currentSuccessorOf(departments, department.id);
  return new UnprocessableEntityException({
    message: `The department 「${department.name}」 is retired (廃止)${successor ? `; its work went to 「${successor.name}」` : ''}.`,
    details: [
      {
        path: '/departmentId',
        message: successor
          ? `choose 「${successor.name}」 or another current department`
          : 'choose a current department',
      },
    ],
  });
}

import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditActor, AuditLog } from '../audit/audit-log';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Department } from './department.entity';
import { isValidLocalGovernmentCode } from './local-government-code';
import { Organization } from './organization.entity';

@Injectable()
export class OrganizationsService {
  private readonly departments: OrganizationScopedRepository<Department>;

  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(Department) private readonly departmentRepository: Repository<Department>,
    private readonly audit: AuditLog,
  ) {
    this.departments = new OrganizationScopedRepository(departmentRepository);
  }

  async get(organizationId: string): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id: organizationId });
    if (!organization) throw new NotFoundException('Organization not found.');
    return organization;
  }

  findByCode(localGovernmentCode: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ localGovernmentCode });
  }

  async create(name: string, localGovernmentCode: string): Promise<Organization> {
    if (!isValidLocalGovernmentCode(localGovernmentCode)) {
      throw new UnprocessableEntityException(`"${localGovernmentCode}" is not a valid 地方公共団体コード (6 digits with a check digit, e.g. 012041).`);
    }
    if (await this.findByCode(localGovernmentCode)) {
      throw new ConflictException(`An organization with code ${localGovernmentCode} already exists.`);
    }
    return this.organizations.save(this.organizations.create({ name: name.trim(), localGovernmentCode }));
  }

  listDepartments(organizationId: string): Promise<Department[]> {
    return this.departments.find(organizationId, { order: { name: 'ASC' } });
  }

  async getDepartment(organizationId: string, departmentId: string): Promise<Department> {
    const department = await this.departments.findOne(organizationId, { id: departmentId });
    if (!department) throw new NotFoundException('Department not found in this organization.');
    return department;
  }

  async createDepartment(organizationId: string, name: string, by: AuditActor): Promise<Department> {
    if (await this.departments.exists(organizationId, { name: name.trim() })) {
      throw new ConflictException(`A department named "${name.trim()}" already exists.`);
    }
    return this.departmentRepository.manager.transaction(async (manager) => {
      const department = await manager.save(manager.create(Department, { organizationId, name: name.trim() }));
      await this.audit.append(manager, { organizationId, actor: by, action: 'department.created', entityType: 'department', entityId: department.id, details: { name: department.name } });
      return department;
    });
  }

  async renameDepartment(organizationId: string, departmentId: string, name: string, by: AuditActor): Promise<Department> {
    const department = await this.getDepartment(organizationId, departmentId);
    const before = department.name;
    department.name = name.trim();
    return this.departmentRepository.manager.transaction(async (manager) => {
      const saved = await manager.save(department);
      await this.audit.append(manager, { organizationId, actor: by, action: 'department.renamed', entityType: 'department', entityId: departmentId, details: { changes: [{ path: '/name', before, after: saved.name }] } });
      return saved;
    });
  }
}

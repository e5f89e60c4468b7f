import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Department } from './department.entity';

/** The only place that queries departments; every read is bound to one organization. */
@Injectable()
export class DepartmentsRepository {
  private readonly departments: OrganizationScopedRepository<Department>;

  constructor(@InjectRepository(Department) repository: Repository<Department>) {
    this.departments = new OrganizationScopedRepository(repository);
  }

  /** With a manager, inside the caller's transaction. */
  listByName(organizationId: string, manager?: EntityManager): Promise<Department[]> {
    return this.scopedIn(manager).find(organizationId, { order: { name: 'ASC' } });
  }

  /**
   * Those not retired (廃止), by name: what the organization works with now. With a manager, inside the caller's
   * transaction.
   */
  listCurrentByName(organizationId: string, manager?: EntityManager): Promise<Department[]> {
    return this.scopedIn(manager).find(organizationId, { where: { retiredAt: IsNull() }, order: { name: 'ASC' } });
  }

  /** With a manager, inside the caller's transaction. */
  findIn(organizationId: string, departmentId: string, manager?: EntityManager): Promise<Department | null> {
    return this.scopedIn(manager).findOne(organizationId, { id: departmentId });
  }

  private scopedIn(manager?: EntityManager): OrganizationScopedRepository<Department> {
    return manager ? new OrganizationScopedRepository(manager.getRepository(Department)) : this.departments;
  }

  /** Inside the caller's transaction: the department, row-locked until it ends. */
  lockIn(manager: EntityManager, organizationId: string, departmentId: string): Promise<Department | null> {
    return this.scopedIn(manager).findOne(
      organizationId,
      { id: departmentId },
      { lock: { mode: 'pessimistic_write' } },
    );
  }

  /** With a manager, inside the caller's transaction. */
  nameTaken(organizationId: string, name: string, manager?: EntityManager): Promise<boolean> {
    return this.scopedIn(manager).exists(organizationId, { name });
  }

  add(manager: EntityManager, department: Pick<Department, 'organizationId' | 'name'>): Promise<Department> {
    return manager.save(manager.create(Department, department));
  }

  save(manager: EntityManager, department: Department): Promise<Department> {
    return manager.save(department);
  }
}

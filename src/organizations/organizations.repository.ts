import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Organization } from './organization.entity';

/** The only place that queries organizations (municipalities). */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  findById(organizationId: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ id: organizationId });
  }

  exists(organizationId: string): Promise<boolean> {
    return this.organizations.existsBy({ id: organizationId });
  }

  /** With a manager, inside the caller's transaction. */
  findByCode(localGovernmentCode: string, manager?: EntityManager): Promise<Organization | null> {
    return (manager?.getRepository(Organization) ?? this.organizations).findOneBy({ localGovernmentCode });
  }

  /** With a manager, inside the caller's transaction. */
  findByIds(organizationIds: string[], manager?: EntityManager): Promise<Organization[]> {
    return (manager?.getRepository(Organization) ?? this.organizations).findBy({ id: In(organizationIds) });
  }

  add(manager: EntityManager, organization: Pick<Organization, 'name' | 'localGovernmentCode'>): Promise<Organization> {
    return manager.save(manager.create(Organization, organization));
  }

  /** Inside the caller's transaction: the organization, row-locked until it ends. */
  lock(manager: EntityManager, organizationId: string): Promise<Organization | null> {
    return manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, organization: Organization): Promise<Organization> {
    return manager.save(organization);
  }
}

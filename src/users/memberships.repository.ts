import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Role } from '../access/role';
import { Membership } from './membership.entity';

/** Queries of who holds which role in which organization. */
@Injectable()
export class MembershipsRepository {
  constructor(@InjectRepository(Membership) private readonly memberships: Repository<Membership>) {}

  holdsRole(organizationId: string, userId: string, role: Role, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.memberships.manager).existsBy(Membership, { organizationId, userId, role });
  }
}

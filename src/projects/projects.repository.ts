import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThanOrEqual, MoreThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';
import { seesWholeOrganization } from '../access/actor-scope';
import { OrganizationActor } from '../access/actor';
import { GrantProject } from './grant-project.entity';
import { GrantType } from './grant-type.entity';

export interface ProjectFilters {
  departmentId?: string;
  grantTypeCode?: string;
  q?: string;
}

/** The only place that queries projects; every query is bound to the caller's organization and share. */
@Injectable()
export class ProjectsRepository {
  constructor(
    @InjectRepository(GrantProject) private readonly projects: Repository<GrantProject>,
    @InjectRepository(GrantType) private readonly grantTypes: Repository<GrantType>,
  ) {}

  /** Owners see their departments' projects; planning and administrators all of the organization. */
  visibleTo(actor: OrganizationActor): SelectQueryBuilder<GrantProject> {
    const query = this.projects
      .createQueryBuilder('project')
      .leftJoinAndSelect('project.kpis', 'kpi')
      .leftJoinAndSelect('project.department', 'department')
      .leftJoinAndSelect('project.grantType', 'grantType')
      .where('project.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) {
      query.andWhere('project.departmentId = ANY(:departmentIds)', { departmentIds: actor.departmentIds });
    }
    return query;
  }

  list(actor: OrganizationActor, filters: ProjectFilters): Promise<GrantProject[]> {
    const query = this.visibleTo(actor).orderBy('project.planStartFiscalYear', 'DESC').addOrderBy('project.name', 'ASC').addOrderBy('kpi.position', 'ASC');
    if (filters.departmentId) query.andWhere('project.departmentId = :departmentId', { departmentId: filters.departmentId });
    if (filters.grantTypeCode) query.andWhere('project.grantTypeCode = :grantTypeCode', { grantTypeCode: filters.grantTypeCode });
    if (filters.q) query.andWhere('project.name ILIKE :q', { q: `%${escapeLike(filters.q)}%` });
    return query.getMany();
  }

  findVisible(actor: OrganizationActor, projectId: string): Promise<GrantProject | null> {
    return this.visibleTo(actor).andWhere('project.id = :projectId', { projectId }).getOne();
  }

  listGrantTypes(): Promise<GrantType[]> {
    return this.grantTypes.find({ order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  grantTypeExists(code: string): Promise<boolean> {
    return this.grantTypes.existsBy({ code });
  }

  /** Projects whose plan period covers the fiscal year (the ones that report on it). */
  coveringYear(manager: EntityManager, organizationId: string, fiscalYear: number): Promise<GrantProject[]> {
    return manager.find(GrantProject, { where: { organizationId, planStartFiscalYear: LessThanOrEqual(fiscalYear), planEndFiscalYear: MoreThanOrEqual(fiscalYear) } });
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

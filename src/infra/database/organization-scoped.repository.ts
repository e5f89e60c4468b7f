import { type FindManyOptions, type FindOptionsWhere, type ObjectLiteral, type Repository } from 'typeorm';

interface OrganizationOwned extends ObjectLiteral {
  organizationId: string;
}

/**
 * The one place where tenant scoping is applied: every read through it is bound to an
 * organization, so a query cannot return another organization's rows by omission.
 */
export class OrganizationScopedRepository<T extends OrganizationOwned> {
  constructor(protected readonly repository: Repository<T>) {}

  find(organizationId: string, options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scope(organizationId, options.where) });
  }

  findAndCount(organizationId: string, options: FindManyOptions<T> = {}): Promise<[T[], number]> {
    return this.repository.findAndCount({ ...options, where: this.scope(organizationId, options.where) });
  }

  findOne(
    organizationId: string,
    where: FindOptionsWhere<T>,
    options: Omit<FindManyOptions<T>, 'where'> = {},
  ): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scope(organizationId, where) });
  }

  count(organizationId: string, where: FindOptionsWhere<T>): Promise<number> {
    return this.repository.count({ where: this.scope(organizationId, where) });
  }

  exists(organizationId: string, where: FindOptionsWhere<T>): Promise<boolean> {
    return this.repository.exists({ where: this.scope(organizationId, where) });
  }

  private scope(
    organizationId: string,
    where: FindManyOptions<T>['where'],
  ): FindOptionsWhere<T> | FindOptionsWhere<T>[] {
    const bound = { organizationId } as FindOptionsWhere<T>;
    if (Array.isArray(where)) return where.map((clause) => ({ ...clause, ...bound }));
    return { ...(where ?? {}), ...bound };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { OrganizationsService } from '../organizations/organizations.service';
import { Role } from '../access/role';
import { User } from './user.entity';
import { UsersService } from './users.service';

export interface AdministratorSpec {
  email: string;
  password: string;
  displayName?: string;
  organizationCode: string;
  organizationName: string;
}

/** Creates the first administrator (and its municipality) from the CLI or from INITIAL_ADMIN_* on first start. */
@Injectable()
export class AdministratorBootstrap {
  private readonly logger = new Logger(AdministratorBootstrap.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async createAdministrator(spec: AdministratorSpec): Promise<User> {
    const organization =
      (await this.organizations.findByCode(spec.organizationCode)) ??
      (await this.organizations.create(spec.organizationName, spec.organizationCode));
    return this.users.addMember(
      organization.id,
      { email: spec.email, displayName: spec.displayName ?? 'システム管理者', password: spec.password },
      [{ role: Role.Administrator }],
      SYSTEM_ACTOR,
    );
  }

  /** Only on a database without any user, so a restart never recreates or resets anyone. */
  async ensureInitialAdministrator(): Promise<void> {
    const initial = this.config.initialAdmin;
    if (!initial || (await this.users.countUsers()) > 0) return;
    await this.createAdministrator(initial);
    this.logger.log(`Created the initial administrator ${initial.email} for organization ${initial.organizationCode}`);
  }
}

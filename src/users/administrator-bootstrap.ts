import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { Role } from '../access/role';
import { PasswordHasher } from './password-hasher';
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
    private readonly passwords: PasswordHasher,
    private readonly transactions: Transactions,
  ) {}

  async createAdministrator(spec: AdministratorSpec): Promise<User> {
    const passwordHash = await this.passwords.hash(spec.password);
    // One transaction: a new municipality never exists without its first administrator.
    const userId = await this.transactions.run(async (manager) => {
      const organization =
        (await this.organizations.findByCode(spec.organizationCode, manager)) ??
        (await this.organizations.create(spec.organizationName, spec.organizationCode, SYSTEM_ACTOR, manager));
      return this.users.addMemberIn(
        manager,
        organization.id,
        { email: spec.email, displayName: spec.displayName ?? 'システム管理者', passwordHash },
        [{ role: Role.Administrator }],
        SYSTEM_ACTOR,
      );
    });
    return this.users.getWithMemberships(userId);
  }

  /** Only on a database without any user, so a restart never recreates or resets anyone. */
  async ensureInitialAdministrator(): Promise<void> {
    const initial = this.config.initialAdmin;
    if (!initial || (await this.users.countUsers()) > 0) return;
    await this.createAdministrator(initial);
    this.logger.log(`Created the initial administrator ${initial.email} for organization ${initial.organizationCode}`);
  }
}

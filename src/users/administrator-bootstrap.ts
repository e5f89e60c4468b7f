import { BadRequestException, ConflictException, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { isUniqueViolation } from '../infra/database/unique-violation';
import { OrganizationsService } from '../organizations/organizations.service';
import { type Organization } from '../organizations/organization.entity';
import { Role } from '../access/role';
import { PasswordHasher } from './password-hasher';
import { passwordProblem } from './password-policy';
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

  /**
   * An existing account of the address keeps its password and name; `refuseExisting` sees it in the transaction,
   * row-locked as by every step giving an account a role, and may refuse (throw) what the caller meant to set on it.
   */
  async createAdministrator(
    spec: AdministratorSpec,
    refuseExisting: (account: User) => void = () => undefined,
  ): Promise<User> {
    // create-admin's and INITIAL_ADMIN_PASSWORD's passwords meet the policy every request setting one does.
    const problem = passwordProblem('The password', spec.password, [spec.email, spec.displayName ?? '']);
    if (problem) throw new BadRequestException(`${problem}.`);
    const passwordHash = await this.passwords.hash(spec.password);
    // One transaction: a new municipality never exists without its first administrator.
    const made = this.transactions.run(async (manager) => {
      const existing = await this.users.lockAccountByEmail(manager, spec.email);
      if (existing) refuseExisting(existing);
      const found = await this.organizations.findByCode(spec.organizationCode, manager);
      if (found) refuseAnotherName(found, spec);
      const organization =
        found ?? (await this.organizations.create(spec.organizationName, spec.organizationCode, SYSTEM_ACTOR, manager));
      return this.users.addMemberIn(
        manager,
        organization.id,
        { email: spec.email, displayName: spec.displayName ?? 'システム管理者', passwordHash },
        [{ role: Role.Administrator }],
        SYSTEM_ACTOR,
      );
    });
    // A new address or municipality made elsewhere since the look above: the unique constraint saw it, and said.
    const userId = await made.catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictException(
        `The account ${spec.email} or the municipality ${spec.organizationCode} was made elsewhere at the same ` +
          'moment (another run, an invitation), and this run changed nothing: run it again to make the account an ' +
          'administrator.',
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

/**
 * A municipality is never renamed by making an administrator: a name given otherwise than stored (a typo, an older
 * name) would be dropped without a word, so it is refused, naming the one stored.
 */
function refuseAnotherName(organization: Organization, spec: AdministratorSpec): void {
  const given = spec.organizationName.trim();
  if (organization.name === given) return;
  throw new ConflictException(
    `The municipality ${organization.localGovernmentCode} exists as "${organization.name}", not "${given}", and its ` +
      `name is not changed here: give "${organization.name}" to make the account its administrator.`,
  );
}

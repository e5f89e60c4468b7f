import { Injectable } from '@nestjs/common';
import { auditEvent, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { UsersRepository } from './users.repository';
import { normalizeEmail } from './users.service';

/**
 * Platform operators run the service for every municipality (the queue dashboard). The role is held outside any
 * organization, so no organization's administrator can grant it; only the operator CLI does, in the platform audit chain.
 */
@Injectable()
export class PlatformOperators {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  isOperator(userId: string): Promise<boolean> {
    return this.users.isPlatformOperator(userId);
  }

  /**
   * Grants (or with granted false, takes back) the role of the account with this e-mail address: whether that changed
   * it, or that no account has the address. Granting the role an account holds changes nothing and records nothing.
   */
  set(email: string, granted: boolean): Promise<'changed' | 'unchanged' | 'no_such_user'> {
    return this.transactions.run(async (manager) => {
      const user = await this.users.lockByEmail(manager, normalizeEmail(email));
      if (!user) return 'no_such_user';
      if (user.platformOperator === granted) return 'unchanged';
      await this.users.setPlatformOperator(manager, user.id, granted);
      await this.audit.append(
        manager,
        auditEvent(
          null,
          SYSTEM_ACTOR,
          granted ? 'user.platform_operator_granted' : 'user.platform_operator_revoked',
          { type: 'user', id: user.id },
          { email: user.email },
        ),
      );
      return 'changed';
    });
  }
}

import { join } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditCheckpoints } from '../audit/audit-checkpoints';
import { AppConfig } from '../infra/config/app-config';
import { OrganizationsService } from '../organizations/organizations.service';
import { chainLabels } from './chain-labels';
import { forOneMunicipality, organizationCodeOption, refuseArguments } from './command-input';

interface CheckpointOptions {
  organizationCode?: string;
}

@Command({
  name: 'audit:checkpoint',
  description:
    'Sign the last entry of every audit chain (or of one municipality) and write the checkpoints to AUDIT_CHECKPOINT_DIR.',
})
export class AuditCheckpointCommand extends CommandRunner {
  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly organizations: OrganizationsService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run(args: string[], options: CheckpointOptions): Promise<void> {
    refuseArguments('audit:checkpoint', args, forOneMunicipality);
    let organizationIds: string[] | undefined;
    if (options.organizationCode) {
      const organization = await this.organizations.findByCode(options.organizationCode);
      if (!organization) throw new Error(`No organization with code ${options.organizationCode}.`);
      organizationIds = [organization.id];
    }
    const { written, refused } = await this.checkpoints.create(organizationIds);
    const labels = await chainLabels(this.organizations, [
      ...written.map(({ checkpoint }) => checkpoint.chain),
      ...refused.map(({ chain }) => chain),
    ]);
    for (const { file, checkpoint } of written)
      console.log(
        `${labels.get(checkpoint.chain)}: checkpoint of entry ${checkpoint.sequence} (${checkpoint.hash}) written to ${join(this.config.auditCheckpointDir, file)}`,
      );
    for (const { chain, reason } of refused)
      console.log(`${labels.get(chain)}: NOT SIGNED, the chain lost what its last checkpoint held: ${reason}`);
    if (written.length + refused.length === 0) console.log('No audit entries yet: nothing to checkpoint.');
    console.log(`Signed with the key ${this.checkpoints.publicKey().fingerprint}`);
    if (refused.length > 0) process.exitCode = 1;
  }

  @Option({ flags: '--organization-code <code>', description: 'only this municipality (地方公共団体コード)' })
  parseOrganizationCode(value: string): string {
    return organizationCodeOption(value);
  }
}

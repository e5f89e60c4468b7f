import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The hashes of an invitation's earlier links, replaced when it was sent again: such a link is told to open the newest
 * mail instead of reading as unknown. Looked up by containment, hence the GIN index.
 */
export class InvitationReplacedTokenHashes1796402600000 implements MigrationInterface {
  name = 'InvitationReplacedTokenHashes1796402600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" ADD "replaced_token_hashes" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invitations_replaced_token_hashes" ON "invitations" USING GIN ("replaced_token_hashes")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_invitations_replaced_token_hashes"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "replaced_token_hashes"`);
  }
}

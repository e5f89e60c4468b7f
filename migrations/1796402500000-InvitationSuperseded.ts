import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An invitation left unanswered when its address joined through another invitation of the organization is superseded:
 * its own status, so that it no longer waits on the administrator's list. Still at most one outcome per invitation.
 */
export class InvitationSuperseded1796402500000 implements MigrationInterface {
  name = 'InvitationSuperseded1796402500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" ADD "superseded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "CHK_ff9be6a053d71c33c172f1e74d"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "CHK_97977da57e9c8e0cbc4cc36834"
         CHECK (num_nonnulls("accepted_at", "declined_at", "revoked_at", "superseded_at") <= 1)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "CHK_97977da57e9c8e0cbc4cc36834"`);
    // A superseded invitation was never answered: it goes back to waiting (or expired), as it was before.
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "superseded_at"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "CHK_ff9be6a053d71c33c172f1e74d"
         CHECK (num_nonnulls("accepted_at", "declined_at", "revoked_at") <= 1)`,
    );
  }
}

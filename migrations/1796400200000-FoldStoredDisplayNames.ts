import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { storedDisplayName } from '../src/users/display-name';

const BATCH = 1000;

/**
 * People's names (氏名) are folded as they are typed (storedDisplayName: the IME's full widths folded by NFKC, runs of
 * spaces made one); those stored before are folded here the same way, so that a name typed with a full-width space
 * (U+3000) and the same name with a plain one are one in the lists, their search and their order, as they are to a
 * reader.
 *
 * With the app's own function (imported: the build compiles migrations/ beside src/) rather than SQL as FoldStoredNames
 * does: a name then reads exactly as the same name typed now is stored, which PostgreSQL's normalize(), on its own
 * Unicode version, would not promise; and a database migrated after the function changed is folded as the app then
 * writes names.
 *
 * Only the accounts' names: published editions keep the panel's names as they were published. A name that folds to
 * nothing (spaces only) stays as stored, since a name is never empty: its owner can change it in アカウント設定.
 *
 * Down changes nothing back: the widths as typed are not kept, and folded names are what the app writes anyway.
 */
export class FoldStoredDisplayNames1796400200000 implements MigrationInterface {
  name = 'FoldStoredDisplayNames1796400200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const accounts = (await queryRunner.query(
        `SELECT "id", "display_name" FROM "users" WHERE "id" > $1 ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      )) as { id: string; display_name: string }[];
      if (accounts.length === 0) return;
      after = accounts[accounts.length - 1].id;
      const folded = accounts
        .map((account) => ({
          id: account.id,
          before: account.display_name,
          name: storedDisplayName(account.display_name),
        }))
        .filter((account) => account.name !== '' && account.name !== account.before);
      if (folded.length === 0) continue;
      await queryRunner.query(
        `UPDATE "users" SET "display_name" = "folded"."name"
           FROM unnest($1::uuid[], $2::text[]) AS "folded" ("id", "name")
          WHERE "users"."id" = "folded"."id"`,
        [folded.map((account) => account.id), folded.map((account) => account.name)],
      );
    }
  }

  public async down(): Promise<void> {}
}

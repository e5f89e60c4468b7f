import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Department names and project numbers are folded as they are typed (foldedName: the IME's full widths folded by NFKC,
 * runs of spaces made one); those stored before are folded here the same way, so that a name typed with a full-width
 * space and the same name with a plain one, or 「１２」 and 「12」, are one in the lists, their search and their order,
 * as they are to a reader.
 *
 * Only the live rows of departments and projects: a report's year plan and its published editions keep the names as
 * they were written and published, since published data never changes.
 *
 * A department whose folded name another department of its organization has, or would have once folded, keeps its name
 * as stored: names are unique in an organization, and rather than fail, the migration leaves the two for an
 * administrator to merge or rename. Project numbers are not unique (an import only warns of a number taken), so every
 * one is folded; one that folds to nothing becomes no number, as a blank one typed does.
 *
 * Down changes nothing back: the widths as typed are not kept, and folded names are what the app writes anyway.
 */
export class FoldStoredNames1796321559081 implements MigrationInterface {
  name = 'FoldStoredNames1796321559081';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "departments" AS "department" SET "name" = "candidate"."folded"
         FROM (SELECT "id", "folded", count(*) OVER (PARTITION BY "organization_id", "folded") AS "holders"
                 FROM (SELECT "id", "organization_id", ${FOLDED('"name"')} AS "folded" FROM "departments") AS "names"
              ) AS "candidate"
        WHERE "department"."id" = "candidate"."id" AND "candidate"."holders" = 1
          AND "department"."name" <> "candidate"."folded"`,
    );
    await queryRunner.query(
      `UPDATE "grant_projects" SET "project_number" = NULLIF(${FOLDED('"project_number"')}, '')
        WHERE "project_number" IS DISTINCT FROM NULLIF(${FOLDED('"project_number"')}, '')`,
    );
  }

  public async down(): Promise<void> {}
}

/**
 * foldedName (src/common/text.ts) as it was when this ran, in SQL so the migration stays as written whatever the app's
 * function becomes: NFKC (U+3000 and the other wide spaces become plain ones), runs of spaces made one, ends trimmed.
 */
const FOLDED = (column: string) => `btrim(regexp_replace(normalize(${column}, NFKC), '\\s+', ' ', 'g'))`;

import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { foldedName } from '../src/common/text';

interface StoredDepartment {
  id: string;
  organizationId: string;
  name: string;
}

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
    await foldDepartmentNames(queryRunner);
    await foldProjectNumbers(queryRunner);
  }

  public async down(): Promise<void> {}
}

async function foldDepartmentNames(queryRunner: QueryRunner): Promise<void> {
  const departments = (await queryRunner.query(
    `SELECT "id", "organization_id" AS "organizationId", "name" FROM "departments"`,
  )) as StoredDepartment[];
  const holders = new Map<string, number>();
  const keyOf = (department: StoredDepartment) => `${department.organizationId}\n${foldedName(department.name)}`;
  for (const department of departments) holders.set(keyOf(department), (holders.get(keyOf(department)) ?? 0) + 1);
  const folded = departments.filter(
    (department) => foldedName(department.name) !== department.name && holders.get(keyOf(department)) === 1,
  );
  await queryRunner.query(
    `UPDATE "departments" AS "department" SET "name" = "folded"."name"
       FROM unnest($1::uuid[], $2::text[]) AS "folded"("id", "name") WHERE "department"."id" = "folded"."id"`,
    [folded.map((department) => department.id), folded.map((department) => foldedName(department.name))],
  );
}

async function foldProjectNumbers(queryRunner: QueryRunner): Promise<void> {
  const projects = (await queryRunner.query(
    `SELECT "id", "project_number" AS "projectNumber" FROM "grant_projects" WHERE "project_number" IS NOT NULL`,
  )) as { id: string; projectNumber: string }[];
  const folded = projects.filter((project) => foldedName(project.projectNumber) !== project.projectNumber);
  await queryRunner.query(
    `UPDATE "grant_projects" AS "project" SET "project_number" = "folded"."number"
       FROM unnest($1::uuid[], $2::text[]) AS "folded"("id", "number") WHERE "project"."id" = "folded"."id"`,
    [folded.map((project) => project.id), folded.map((project) => foldedName(project.projectNumber) || null)],
  );
}

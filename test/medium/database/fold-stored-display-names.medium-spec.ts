import { FoldStoredDisplayNames1796400200000 } from '../../../migrations/1796400200000-FoldStoredDisplayNames';
import { Role } from '../../../src/access/role';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * People's names stored in full width before they were folded when typed: the migration folds them as typing in
 * アカウント設定 or on registering now does, and leaves a name it would empty as it is.
 */
describe('Migration: folding the people’s names stored before', () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  const migrate = () => app.migrateAgain(new FoldStoredDisplayNames1796400200000());
  const nameOf = async (userId: string): Promise<string> =>
    (await app.dataSource.query('SELECT display_name FROM users WHERE id = $1', [userId]))[0].display_name;

  it('folds full widths and runs of spaces, keeps a folded name and one of spaces only, and can run again', async () => {
    const town = await app.given.municipality();
    const person = (name: string) =>
      app.given.user({ organization: town.organization, roles: [Role.PlanningDivision], name });
    const spaced = await person('山田　太郎');
    const wide = await person(' ＴＡＮＡＫＡ　　花子 ');
    const digits = await person('担当者１号');
    const folded = await person('旭川 次郎');
    const blank = await person('　');

    await migrate();

    expect(await nameOf(spaced.id)).toBe('山田 太郎');
    expect(await nameOf(wide.id)).toBe('TANAKA 花子');
    expect(await nameOf(digits.id)).toBe('担当者1号');
    expect(await nameOf(folded.id)).toBe('旭川 次郎');
    expect(await nameOf(blank.id)).toBe('　');

    // Run again (a second deploy), it finds nothing more to fold and still does not fail.
    await migrate();
    expect(await nameOf(wide.id)).toBe('TANAKA 花子');
  });
});

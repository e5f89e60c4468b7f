import { UsersService } from '../../../src/users/users.service';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe('UsersService.renameOwn: a person changes their own name (アカウント設定)', () => {
  let app: MediumApp;
  let users: UsersService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    users = app.get(UsersService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  it('stores the name folded as typed, audited with the name it had, and every record reads the new one', async () => {
    const { actor } = town.planner;
    const before = (await users.get(actor.userId)).displayName;

    const renamed = await users.renameOwn(actor, '　旭川　　花子 ');

    expect(renamed.displayName).toBe('旭川 花子');
    expect((await users.namesOf([actor.userId])).get(actor.userId)).toBe('旭川 花子');
    expect(await app.auditEntries(actor.userId)).toEqual([
      { action: 'user.renamed', details: { from: before, to: '旭川 花子' } },
    ]);
  });

  it('writes nothing when the name, once folded, is the one it has', async () => {
    const { actor } = town.owner;
    await users.renameOwn(actor, 'ＡＢＣ 課長');

    await users.renameOwn(actor, 'ABC　課長');

    expect(await app.auditActions(actor.userId)).toEqual(['user.renamed']);
  });

  it('refuses a name of spaces only, keeping the one it has', async () => {
    const { actor } = town.approver;
    const before = (await users.get(actor.userId)).displayName;

    const refusal = await refusalOf(users.renameOwn(actor, ' 　'));

    expect(refusal.getStatus()).toBe(400);
    expect(detailPaths(refusal)).toEqual(['/displayName']);
    expect((await users.get(actor.userId)).displayName).toBe(before);
    expect(await app.auditActions(actor.userId)).toEqual([]);
  });
});

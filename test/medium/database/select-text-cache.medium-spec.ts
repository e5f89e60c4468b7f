import { SelectQueryBuilder } from 'typeorm';
import { writeSelectsOncePerShape } from '../../../src/infra/database/select-text-cache';
import { Organization } from '../../../src/organizations/organization.entity';
import { createMediumApp, type MediumApp } from '../support/medium-app';

type Writer = { createSelectExpression(): string; createLimitOffsetExpression(): string };
const writer = SelectQueryBuilder.prototype as unknown as Writer;

/**
 * A select's SQL text is written once per shape (writeSelectsOncePerShape): what each select answers stays its own,
 * and selects that differ in anything but their values keep texts of their own.
 */
describe('Select texts written once per shape', () => {
  let app: MediumApp;
  let first: Organization;
  let second: Organization;

  beforeAll(async () => {
    app = await createMediumApp();
    first = await app.given.organization();
    second = await app.given.organization();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    writeSelectsOncePerShape({ verify: true });
  });

  afterAll(() => app?.close());

  const organizations = () => app.dataSource.getRepository(Organization);

  it('writes the text of a shape once, and answers each run with its own values', async () => {
    writeSelectsOncePerShape({ verify: false });
    const written = jest.spyOn(writer, 'createSelectExpression');
    const byCode = (code: string) =>
      organizations().createQueryBuilder('once').where('once.localGovernmentCode = :code', { code }).getOneOrFail();

    expect((await byCode(first.localGovernmentCode)).id).toBe(first.id);
    expect((await byCode(second.localGovernmentCode)).id).toBe(second.id);
    expect(written).toHaveBeenCalledTimes(1);
  });

  it('keeps apart selects that differ only in the column a condition compares', async () => {
    writeSelectsOncePerShape({ verify: false });

    expect((await organizations().findOneByOrFail({ localGovernmentCode: first.localGovernmentCode })).id).toBe(
      first.id,
    );
    expect((await organizations().findOneByOrFail({ name: second.name })).id).toBe(second.id);
  });

  it('keeps apart selects that differ only in a join condition', async () => {
    writeSelectsOncePerShape({ verify: false });
    const joined = (condition: string) =>
      organizations()
        .createQueryBuilder('organization')
        .leftJoin(Organization, 'other', condition, { otherId: second.id })
        .select('organization.id', 'id')
        .addSelect('other.id', 'otherId')
        .where('organization.id = :id', { id: first.id })
        .getRawOne<{ id: string; otherId: string | null }>();

    expect(await joined('other.id = :otherId')).toEqual({ id: first.id, otherId: second.id });
    expect(await joined('other.id = :otherId AND false')).toEqual({ id: first.id, otherId: null });
  });

  it('when verifying, fails a reuse whose text written afresh differs', async () => {
    const byId = () => organizations().createQueryBuilder('verified').where('verified.id = :id', { id: first.id });
    await byId().getOneOrFail();
    jest.spyOn(writer, 'createLimitOffsetExpression').mockReturnValue(' LIMIT 1');

    await expect(byId().getOneOrFail()).rejects.toThrow('Two selects of one shape were written differently');
  });
});

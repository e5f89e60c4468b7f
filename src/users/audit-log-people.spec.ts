import { type LoggedRename } from '../audit/audit-entries.repository';
import { actorNamesWhenWritten, formerMemberName, nameWhenWritten } from './audit-log-people';
import { type User } from './user.entity';

const HANAKO = 'u-hanako';
const LEFT = 'u-left';

/** 佐藤 花子 became 田中 花子 in entry 10, then 鈴木 花子 in entry 20. */
const RENAMES: LoggedRename[] = [
  { entryId: '10', userId: HANAKO, from: '佐藤 花子', to: '田中 花子' },
  { entryId: '20', userId: HANAKO, from: '田中 花子', to: '鈴木 花子' },
];

describe('nameWhenWritten', () => {
  it('gives the name before the first rename to the entries written before it', () => {
    expect(nameWhenWritten(RENAMES, '9')).toBe('佐藤 花子');
  });

  it('gives the name a rename gave to the entries written after it, until the next one', () => {
    expect(nameWhenWritten(RENAMES, '11')).toBe('田中 花子');
    expect(nameWhenWritten(RENAMES, '21')).toBe('鈴木 花子');
  });

  it('reads a rename’s own entry as made under the name it changed', () => {
    expect(nameWhenWritten(RENAMES, '10')).toBe('佐藤 花子');
    expect(nameWhenWritten(RENAMES, '20')).toBe('田中 花子');
  });

  it('compares entry ids as numbers, not as text', () => {
    expect(nameWhenWritten(RENAMES, '100')).toBe('鈴木 花子');
  });

  it('knows no other name for someone the log never saw renamed', () => {
    expect(nameWhenWritten([], '5')).toBeUndefined();
  });
});

describe('actorNamesWhenWritten', () => {
  const people = {
    members: [{ id: HANAKO, displayName: '鈴木 花子' } as User],
    formerMembers: new Map([[LEFT, '元 太郎']]),
    renames: [...RENAMES, { entryId: '15', userId: LEFT, from: '旧 太郎', to: '元 太郎' }],
    departments: new Map<string, string>(),
  };
  const actorName = actorNamesWhenWritten(people);

  it('names an actor as they were named then, with today’s name beside it where it differs', () => {
    expect(actorName(HANAKO, '5')).toBe('佐藤 花子(現: 鈴木 花子)');
    expect(actorName(HANAKO, '15')).toBe('田中 花子(現: 鈴木 花子)');
  });

  it('names an actor by today’s name alone on the entries written since their last rename', () => {
    expect(actorName(HANAKO, '25')).toBe('鈴木 花子');
  });

  it('keeps a former member’s marker, after the name they had then and today’s', () => {
    expect(actorName(LEFT, '5')).toBe(formerMemberName('旧 太郎(現: 元 太郎)'));
    expect(actorName(LEFT, '16')).toBe(formerMemberName('元 太郎'));
  });

  it('shows a name the log did not see change (a rename elsewhere, after they left) beside the one it recorded', () => {
    const renamedSince = actorNamesWhenWritten({ ...people, formerMembers: new Map([[LEFT, '新 太郎']]) });
    expect(renamedSince(LEFT, '16')).toBe(formerMemberName('元 太郎(現: 新 太郎)'));
  });

  it('names no one the log’s people do not include', () => {
    expect(actorName('u-unknown', '5')).toBeUndefined();
  });
});

import { ConflictException } from '@nestjs/common';
import { assertCurrentVersion } from './optimistic-lock';

describe('assertCurrentVersion', () => {
  it('lets an edit of the stored version through', () => {
    expect(() => assertCurrentVersion('project', 4, 4)).not.toThrow();
  });

  it('refuses an edit of an older version as changed by someone else, naming the version now stored', () => {
    expect(() => assertCurrentVersion('project', 5, 4)).toThrow(
      new ConflictException(
        'The project was changed by someone else (now version 5, you edited version 4). Reload it and apply your change again.',
      ),
    );
  });

  it('refuses a version never saved as such, not as a change by someone else', () => {
    expect(() => assertCurrentVersion('project', 5, 9)).toThrow(
      'The project has no version 9 (it is at version 5). Read it again and send the version you read.',
    );
  });
});

import { ApiProperty } from '@nestjs/swagger';

export class RevokedLinksView {
  @ApiProperty({ description: 'How many links of the assignment were still valid and now are not.' })
  revokedLinks: number;
}

import { ApiProperty } from '@nestjs/swagger';

/** What every paged list of the API answers beside its `items`: how many match in all, and which page this is. */
export abstract class ListPage {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

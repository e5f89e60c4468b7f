import { Global, Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** Global: every domain that changes something may announce it. */
@Global()
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}

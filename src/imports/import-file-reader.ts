import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import { type FileReading } from './file-reading';
import { type FileReadingTask } from './file-reading.thread';
import { type ParseOptions } from './import-model';

/** The thread's file beside this one: .js when built, .ts when run from the sources. */
const THREAD_FILE = join(__dirname, `file-reading.thread${extname(__filename)}`);
/** Run from the TypeScript sources (tests, npm run cli), the thread compiles what it loads as it loads it. */
const LOADER = extname(__filename) === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [];
/** An idle thread gives its memory back after a minute; starting one again takes about a tenth of a second. */
const IDLE_MS = 60_000;

/**
 * Reads import files on a thread of their own: parsing a thousand reports takes about half a second of CPU, which on the
 * request's thread would hold every other request of the process that long. One thread, started on the first file: a
 * second file waits for the first, and imports are rare. Piscina rather than worker_threads by hand: it queues tasks,
 * replaces a thread that dies and stops idle ones.
 */
@Injectable()
export class ImportFileReader implements OnModuleDestroy {
  private readonly threads = new Piscina<FileReadingTask, FileReading>({
    filename: THREAD_FILE,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: IDLE_MS,
    execArgv: LOADER,
  });

  read(bytes: Buffer, options: ParseOptions): Promise<FileReading> {
    return this.threads.run({ bytes, options });
  }

  async onModuleDestroy(): Promise<void> {
    await this.threads.destroy();
  }
}

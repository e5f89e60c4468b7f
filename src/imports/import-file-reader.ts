import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { threadScript } from '../infra/threads/thread-script';
import { type FileReading, type SheetsReading } from './file-reading';
import type * as Tasks from './file-reading.thread';
import { type ParseOptions } from './import-model';

const THREAD = threadScript(__filename, 'file-reading.thread');
/** An idle thread gives its memory back after a minute; starting one again takes about a tenth of a second. */
const IDLE_MS = 60_000;

/**
 * Reads uploaded files (imports, committee packs) on a thread of their own: parsing a thousand reports takes about half
 * a second of CPU, which on the request's thread would hold every other request of the process that long. One thread,
 * started on the first file: a second file waits for the first, and uploads are rare. Piscina rather than worker_threads
 * by hand: it queues tasks, replaces a thread that dies and stops idle ones.
 */
@Injectable()
export class ImportFileReader implements OnModuleDestroy {
  private readonly threads = new Piscina({
    filename: THREAD.filename,
    // What a starting thread loads first; without a function of this name Piscina tries the file as an ES module.
    name: 'readFileOnThread' satisfies keyof typeof Tasks,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: IDLE_MS,
    execArgv: THREAD.execArgv,
  });

  /** An import file: pasted text, a text file or a workbook, parsed into reports. */
  read(bytes: Buffer, options: ParseOptions): Promise<FileReading> {
    return this.run('readFileOnThread', { bytes, options });
  }

  /** An .xlsx workbook's sheets (a committee pack). */
  readWorkbook(bytes: Buffer): Promise<SheetsReading> {
    return this.run('readWorkbookOnThread', { bytes });
  }

  /** A task of the thread by the name of its function there, typed as that function. */
  private run<Name extends keyof typeof Tasks>(
    name: Name,
    task: Parameters<(typeof Tasks)[Name]>[0],
  ): ReturnType<(typeof Tasks)[Name]> {
    return this.threads.run(task, { name }) as ReturnType<(typeof Tasks)[Name]>;
  }

  async onModuleDestroy(): Promise<void> {
    await this.threads.destroy();
  }
}

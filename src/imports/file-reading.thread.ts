import { type FileReading, readImportFile, readWorkbook, type SheetsReading } from './file-reading';
import { type ParseOptions } from './import-model';

// The tasks of ImportFileReader's thread. A Buffer sent to a thread arrives as the Uint8Array under it.

export interface FileReadingTask {
  bytes: Uint8Array;
  options: ParseOptions;
}

export function readFileOnThread({ bytes, options }: FileReadingTask): Promise<FileReading> {
  return readImportFile(asBuffer(bytes), options);
}

interface WorkbookReadingTask {
  bytes: Uint8Array;
}

export function readWorkbookOnThread({ bytes }: WorkbookReadingTask): Promise<SheetsReading> {
  return readWorkbook(asBuffer(bytes));
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

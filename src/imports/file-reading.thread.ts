import { type FileReading, readImportFile } from './file-reading';
import { type ParseOptions } from './import-model';

export interface FileReadingTask {
  /** A Buffer sent to a thread arrives as the Uint8Array under it. */
  bytes: Uint8Array;
  options: ParseOptions;
}

/** A task of ImportFileReader's thread: reads one file there. */
export default function readOnThread({ bytes, options }: FileReadingTask): Promise<FileReading> {
  return readImportFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
}

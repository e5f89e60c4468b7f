// The one internal of exceljs that workbook-bytes.ts mends: the zip writer every xlsx.writeBuffer() goes through.
declare module 'exceljs/lib/utils/zip-stream' {
  export class ZipWriter {
    append: (this: ZipWriter, data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }) => void;
  }
}

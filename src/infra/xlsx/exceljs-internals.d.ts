// The internals of exceljs that workbook-bytes.ts mends: the zip writer every xlsx.writeBuffer() goes through, and the
// encoder of every text it writes into a part's XML.
declare module 'exceljs/lib/utils/zip-stream' {
  export class ZipWriter {
    append: (this: ZipWriter, data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }) => void;
  }
}

declare module 'exceljs/lib/utils/utils' {
  const utils: { xmlEncode: (text: string) => string };
  export default utils;
}

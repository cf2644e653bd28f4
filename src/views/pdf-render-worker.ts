import { buildPdfDocument, type PdfDocumentInput } from './pdf-document.js';

// The entry of the PDF worker threads (pdf-renderer.ts): one draft in, its PDF file out. The input is
// plain data (the frame and the sections), cloned across; the file comes back as bytes.

export default async function renderPdf(input: PdfDocumentInput): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await buildPdfDocument(input));
}

/** A PDF's text layer as a reader's copy-and-paste would give it, with its number of pages. */
import { PDFParse } from 'pdf-parse';

export async function readPdf(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** Only the text of a PDF. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await readPdf(pdf)).text;
}

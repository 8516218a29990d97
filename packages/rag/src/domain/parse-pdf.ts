// PDF to blocks, through pdfjs-dist (the legacy build, which runs on Node 20 without a worker
// thread: pdfjs falls back to its in-thread "fake worker"). One block per page with text.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { err, errInfo, ok, type ErrInfo, type Result } from 'funcpipe';
import type { Block, ParsedDocument } from './document.js';
import { cleanText } from './clean.js';

/**
 * Extracts the text of each page of a PDF: a `paragraph` block per page that has text (scanned
 * pages without a text layer have none), in page order. `source` is the pages' cleaned text
 * joined by blank lines, and offsets point into it. A malformed, encrypted or truncated file is
 * an `Err` `DOC_PDF` with pdfjs's reason; the document is always destroyed, also on failure.
 */
export async function parsePdf(bytes: Uint8Array): Promise<Result<ParsedDocument, ErrInfo>> {
  // pdfjs takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
  try {
    const pdf = await task.promise;
    const blocks: Block[] = [];
    const parts: string[] = [];
    let length = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const pieces: string[] = [];
      for (const item of content.items) {
        if ('str' in item) pieces.push(item.str, item.hasEOL ? '\n' : ' ');
      }
      page.cleanup();
      const text = cleanText(pieces.join(''));
      if (text === '') continue;
      if (length > 0) {
        parts.push('\n\n');
        length += 2;
      }
      blocks.push({ kind: 'paragraph', text, start: length, end: length + text.length });
      parts.push(text);
      length += text.length;
    }
    return ok({ kind: 'pdf', source: parts.join(''), blocks });
  } catch (thrown) {
    const reason = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return err(errInfo('DOC_PDF', `malformed PDF: ${reason}`, { cause: thrown }));
  } finally {
    await task.destroy();
  }
}

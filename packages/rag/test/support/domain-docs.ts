// Generated documents for the domain's property tests: Markdown, plain text and HTML built from
// a structure (headings, paragraphs of sentences, lists, code), with the words they hold.
import fc from 'fast-check';

/** Words from a small vocabulary (repeats are likely), random lower-case words, and now and then a long one. */
export const arbWord: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('stream', 'pipe', 'chunk', 'index', 'vector', 'query', 'file', 'token', 'resource', 'lazy') },
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z]{1,10}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zé]{20,90}$/) },
  { weight: 1, arbitrary: fc.constantFrom('naïve', 'Straße', 'über', 'café', '東京', 'x2', '42') },
);

/** A sentence: words joined by spaces, ending with a full stop. */
export const arbSentence: fc.Arbitrary<string> = fc.array(arbWord, { minLength: 1, maxLength: 14 }).map((words) => `${words.join(' ')}.`);

export const arbParagraph: fc.Arbitrary<string> = fc.array(arbSentence, { minLength: 1, maxLength: 6 }).map((sentences) => sentences.join(' '));

/** One structural element of a generated document. */
export type Element =
  | { readonly type: 'heading'; readonly level: number; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] }
  | { readonly type: 'code'; readonly text: string };

export const arbElement: fc.Arbitrary<Element> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('heading' as const), level: fc.integer({ min: 1, max: 4 }), text: fc.array(arbWord, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('paragraph' as const), text: arbParagraph }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('list' as const), items: fc.array(arbSentence, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('code' as const), text: fc.array(arbWord, { minLength: 1, maxLength: 8 }).map((w) => `const ${w.join(' = ')};`) }) },
);

export const arbElements: fc.Arbitrary<Element[]> = fc.array(arbElement, { maxLength: 14 });

/** Markdown with inline markup sprinkled on some words (emphasis, strong, code spans, links to neutral URLs). */
export function toMarkdown(elements: readonly Element[], markup: readonly number[] = []): string {
  let n = 0;
  const decorate = (text: string): string =>
    text
      .split(' ')
      .map((word) => {
        const style = markup.length === 0 ? 0 : markup[n++ % markup.length]!;
        if (word.endsWith('.') || style === 0) return word;
        if (style === 1) return `*${word}*`;
        if (style === 2) return `**${word}**`;
        if (style === 3) return `\`${word}\``;
        return `[${word}](https://example.test/p${n})`;
      })
      .join(' ');
  return elements
    .map((element) => {
      switch (element.type) {
        case 'heading':
          return `${'#'.repeat(element.level)} ${element.text}`;
        case 'paragraph':
          return decorate(element.text);
        case 'list':
          return element.items.map((item) => `- ${decorate(item)}`).join('\n');
        case 'code':
          return `\`\`\`\n${element.text}\n\`\`\``;
      }
    })
    .join('\n\n');
}

/** Plain text: one paragraph per element (headings as plain lines), separated by blank lines. */
export function toText(elements: readonly Element[]): string {
  return elements.map((element) => (element.type === 'list' ? element.items.join('\n') : element.text)).join('\n\n');
}

/** HTML with a head, a nav and a script that must not show in the text. */
export function toHtml(elements: readonly Element[]): string {
  const body = elements
    .map((element) => {
      switch (element.type) {
        case 'heading':
          return `<h${element.level}>${escape(element.text)}</h${element.level}>`;
        case 'paragraph':
          return `<p>${escape(element.text)}</p>`;
        case 'list':
          return `<ul>${element.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;
        case 'code':
          return `<pre>${escape(element.text)}</pre>`;
      }
    })
    .join('\n');
  return `<!doctype html><html><head><title>zzhead</title><style>.zzstyle{}</style></head><body><nav>zznav</nav>${body}<script>var zzscript = 1;</script></body></html>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The letter and digit runs of a text. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

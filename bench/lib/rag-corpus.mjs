// A deterministic Markdown corpus for the RAG cases: `chunks` chunks' worth of documents, each a
// title with an intro paragraph and SECTIONS sections of about SECTION_CHARS characters, so that
// with the default chunking (1,000 characters) every section and every intro is one chunk and a
// corpus of N chunks is N / (SECTIONS + 1) files. Words come from a fixed pseudo-vocabulary drawn
// by the seeded generator of the rag-store cases (mulberry32), so every run, machine and subject sees the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { random } from './rag-store-corpus.mjs';

/** Sections per document (each one chunk), plus the title and intro chunk. */
export const SECTIONS = 9;
/** Chunks per document. */
export const CHUNKS_PER_DOC = SECTIONS + 1;
const SECTION_CHARS = 800;
const FILES_PER_DIR = 200;

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'fi', 'gu', 'ha', 'je', 'bo', 'ce', 'xi', 'yu', 'wa'];

/** The vocabulary: 4,000 distinct pseudo-words of 2 to 4 syllables (the same for every seed). */
export const VOCABULARY = (() => {
  const next = random(7);
  const words = new Set();
  while (words.size < 4000) {
    const n = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
})();

/** A Zipf-like pick: low indices far more often, as in real text. */
function word(next) {
  return VOCABULARY[Math.floor(VOCABULARY.length * next() ** 3)];
}

function sentence(next) {
  const n = 6 + Math.floor(next() * 12);
  const words = [];
  for (let i = 0; i < n; i++) words.push(word(next));
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(next, chars) {
  const sentences = [];
  let length = 0;
  while (length < chars) {
    const s = sentence(next);
    sentences.push(s);
    length += s.length + 1;
  }
  return sentences.join(' ');
}

/** The Markdown text of document `index` (deterministic). */
export function documentText(index) {
  const next = random(1000 + index);
  const parts = [`# ${word(next)} ${word(next)} ${index}`, paragraph(next, 300)];
  for (let s = 0; s < SECTIONS; s++) {
    parts.push(`## ${word(next)} ${word(next)}`);
    parts.push(paragraph(next, SECTION_CHARS / 2), paragraph(next, SECTION_CHARS / 2 - 60));
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * Writes the corpus of `chunks` chunks (rounded up to whole documents) under `dir`, in folders
 * of 200 files; returns how many files, chunks and bytes it wrote.
 */
export function writeCorpus(dir, chunks) {
  const files = Math.ceil(chunks / CHUNKS_PER_DOC);
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const folder = join(dir, `part-${String(Math.floor(i / FILES_PER_DIR)).padStart(4, '0')}`);
    if (i % FILES_PER_DIR === 0) mkdirSync(folder, { recursive: true });
    const text = documentText(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(folder, `doc-${String(i).padStart(7, '0')}.md`), text);
  }
  return { files, chunks: files * CHUNKS_PER_DOC, bytes };
}

/**
 * `n` deterministic queries of 2 to 4 vocabulary words, drawn uniformly past the 100 most
 * frequent ones (a query of the corpus's commonest words would match nearly every chunk).
 */
export function queries(n) {
  const next = random(99);
  const pick = () => VOCABULARY[100 + Math.floor(next() * (VOCABULARY.length - 100))];
  return Array.from({ length: n }, () => Array.from({ length: 2 + Math.floor(next() * 3) }, pick).join(' '));
}

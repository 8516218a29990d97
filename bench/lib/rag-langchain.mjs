// The LangChain.js side of the RAG ingest case, written the way @langchain/core's indexing docs
// show: documents (here our parser's and chunker's chunks, so both sides embed the same texts),
// a record manager, a vector store, and `index()` with incremental cleanup keyed by source. No
// LangChain.js package ships a SQLite record manager or a sqlite-vec store without TypeORM and
// @langchain/community's 200 integrations, so both are written here over better-sqlite3, on the
// same tables FuncPipe's SQLite store keeps: rows, a sqlite-vec `vec0` table and an FTS5 table.
import { readFile } from 'node:fs/promises';

export async function langchainParts() {
  const [{ index, RecordManager }, { Embeddings }, { VectorStore }, { Document }, rag, { default: Database }, sqliteVec] = await Promise.all([
    import('@langchain/core/indexing'),
    import('@langchain/core/embeddings'),
    import('@langchain/core/vectorstores'),
    import('@langchain/core/documents'),
    import('@funcpipe/rag'),
    import('better-sqlite3'),
    import('sqlite-vec'),
  ]);

  /** FuncPipe's local embedder as a LangChain `Embeddings`, in batches of 64 (FuncPipe's default), counting calls. */
  class LocalEmbeddings extends Embeddings {
    calls = 0;
    embedder = rag.createLocalEmbedder();
    signal = new AbortController().signal;
    constructor() {
      super({});
    }
    async embedDocuments(texts) {
      const out = [];
      for (let i = 0; i < texts.length; i += 64) {
        this.calls++;
        for (const vector of await this.embedder.embed(texts.slice(i, i + 64), this.signal)) out.push(Array.from(vector));
      }
      return out;
    }
    async embedQuery(text) {
      this.calls++;
      const [vector] = await this.embedder.embed([text], this.signal);
      return Array.from(vector);
    }
  }

  /** A record manager on a SQLite table, as @langchain/community's SQLRecordManager keeps it. */
  class SqliteRecordManager extends RecordManager {
    lc_namespace = ['funcpipe', 'bench'];
    constructor(db) {
      super();
      this.db = db;
    }
    async createSchema() {
      this.db.exec('CREATE TABLE IF NOT EXISTS upsertion_record (key TEXT PRIMARY KEY, group_id TEXT, updated_at REAL NOT NULL)');
      this.db.exec('CREATE INDEX IF NOT EXISTS upsertion_group ON upsertion_record (group_id)');
      this.upsert = this.db.prepare('INSERT INTO upsertion_record (key, group_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET group_id = excluded.group_id, updated_at = excluded.updated_at');
    }
    async getTime() {
      return Date.now() / 1000;
    }
    async update(keys, options = {}) {
      const now = await this.getTime();
      if (options.timeAtLeast !== undefined && now < options.timeAtLeast) throw new Error('the clock went back');
      this.db.transaction(() => keys.forEach((key, i) => this.upsert.run(key, options.groupIds?.[i] ?? null, now)))();
    }
    async exists(keys) {
      if (keys.length === 0) return [];
      const found = new Set(this.db.prepare(`SELECT key FROM upsertion_record WHERE key IN (${keys.map(() => '?').join(',')})`).pluck().all(...keys));
      return keys.map((key) => found.has(key));
    }
    async listKeys(options = {}) {
      const where = [];
      const params = [];
      if (options.before !== undefined) where.push('updated_at < ?') && params.push(options.before);
      if (options.after !== undefined) where.push('updated_at > ?') && params.push(options.after);
      if (options.groupIds !== undefined) where.push(`group_id IN (${options.groupIds.map(() => '?').join(',')})`) && params.push(...options.groupIds);
      const sql = `SELECT key FROM upsertion_record${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}${options.limit !== undefined ? ` LIMIT ${Number(options.limit)}` : ''}`;
      return this.db.prepare(sql).pluck().all(...params);
    }
    async deleteKeys(keys) {
      const remove = this.db.prepare('DELETE FROM upsertion_record WHERE key = ?');
      this.db.transaction(() => keys.forEach((key) => remove.run(key)))();
    }
  }

  /** A vector store on SQLite: rows, a sqlite-vec `vec0` table (cosine) and an FTS5 table, written in one transaction per batch. */
  class SqliteVecStore extends VectorStore {
    constructor(embeddings, db, dimension) {
      super(embeddings, {});
      this.db = db;
      db.exec('CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, content TEXT NOT NULL, metadata TEXT NOT NULL)');
      db.exec(`CREATE VIRTUAL TABLE docs_vec USING vec0(embedding float[${dimension}] distance_metric=cosine)`);
      db.exec('CREATE VIRTUAL TABLE docs_fts USING fts5(content)');
      this.insertDoc = db.prepare('INSERT INTO docs (id, content, metadata) VALUES (?, ?, ?)');
      this.insertVec = db.prepare('INSERT INTO docs_vec (rowid, embedding) VALUES (?, ?)');
      this.insertFts = db.prepare('INSERT INTO docs_fts (rowid, content) VALUES (?, ?)');
      this.rowOf = db.prepare('SELECT rowid FROM docs WHERE id = ?').pluck();
      this.search = db.prepare('SELECT d.content, d.metadata, v.distance FROM docs_vec v JOIN docs d ON d.rowid = v.rowid WHERE v.embedding MATCH ? AND k = ? ORDER BY v.distance');
    }
    _vectorstoreType() {
      return 'sqlite-vec';
    }
    async addDocuments(documents, options) {
      return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents, options);
    }
    async addVectors(vectors, documents, options = {}) {
      const ids = options.ids ?? documents.map((_, i) => `${Date.now()}-${i}`);
      this.db.transaction(() => {
        documents.forEach((doc, i) => {
          const { lastInsertRowid } = this.insertDoc.run(ids[i], doc.pageContent, JSON.stringify(doc.metadata));
          const rowid = BigInt(lastInsertRowid);
          this.insertVec.run(rowid, new Float32Array(vectors[i]));
          this.insertFts.run(rowid, doc.pageContent);
        });
      })();
      return ids;
    }
    async delete({ ids }) {
      this.db.transaction(() => {
        for (const id of ids) {
          const rowid = this.rowOf.get(id);
          if (rowid === undefined) continue;
          for (const table of ['docs', 'docs_vec', 'docs_fts']) this.db.prepare(`DELETE FROM ${table} WHERE rowid = ?`).run(BigInt(rowid));
        }
      })();
    }
    async similaritySearchVectorWithScore(query, k) {
      return this.search.all(new Float32Array(query), k).map((row) => [new Document({ pageContent: row.content, metadata: JSON.parse(row.metadata) }), 1 - row.distance]);
    }
  }

  return {
    /** Opens the SQLite file at `config.index`; `indexCorpus(files)` is one `index()` call over every chunk of `files`. */
    open(config) {
      const db = new Database(config.index);
      sqliteVec.load(db);
      db.pragma('journal_mode = WAL');
      const embeddings = new LocalEmbeddings();
      const vectorStore = new SqliteVecStore(embeddings, db, embeddings.embedder.info.dimension);
      const recordManager = new SqliteRecordManager(db);
      let schema;
      return {
        async indexCorpus(files) {
          schema ??= recordManager.createSchema();
          await schema;
          const docs = [];
          for (const path of files) {
            const parsed = await rag.parseDocument('markdown', await readFile(path));
            if (!parsed.ok) throw new Error(parsed.error.msg);
            for (const chunk of rag.chunkDocument(parsed.value, config.chunking)) {
              docs.push(new Document({ pageContent: chunk.text, metadata: { source: path, ordinal: chunk.ordinal, start: chunk.start, end: chunk.end, headingTrail: chunk.headingTrail.join(' > ') } }));
            }
          }
          const before = embeddings.calls;
          const result = await index({ docsSource: docs, recordManager, vectorStore, options: { cleanup: 'incremental', sourceIdKey: 'source' } });
          return { chunks: result.numAdded, calls: embeddings.calls - before };
        },
        close() {
          db.close();
        },
      };
    },
  };
}

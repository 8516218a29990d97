// Dependency rules for the workspace (core <- io <- rag) and inside the core package: no import cycles, and layers point one way
// (result <- resource <- stream/async <- policy; the sync stream tree never imports the async one;
// src/internal/ holds helpers every room may use and imports from no room).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-does-not-know-adapters',
      severity: 'error',
      from: { path: '^packages/funcpipe/' },
      to: { path: '^packages/(io|rag)/' },
    },
    {
      name: 'adapters-do-not-know-the-application',
      severity: 'error',
      from: { path: '^packages/io/' },
      to: { path: '^packages/rag/' },
    },
    {
      name: 'packages-meet-only-at-public-entry-points',
      comment: 'io and rag import the core as `funcpipe` (its exports map), never its sources',
      severity: 'error',
      from: { path: '^packages/(io|rag)/' },
      to: { path: '^packages/funcpipe/src/' },
    },
    {
      name: 'rag-meets-io-at-its-entry-points',
      comment: 'the application imports adapters as `@funcpipe/io/<entry>`, never their sources',
      severity: 'error',
      from: { path: '^packages/rag/' },
      to: { path: '^packages/io/src/' },
    },
    {
      name: 'rag-domain-is-pure',
      comment: 'parse, clean, chunk and score know nothing of files, embedders, stores, the CLI or the adapters',
      severity: 'error',
      from: { path: '^packages/rag/src/domain/' },
      to: { path: '^packages/rag/src/(embed|store|pipeline|config|cli|server)/|^packages/io/|node_modules/(@funcpipe/io|better-sqlite3|pg|undici)/' },
    },
    {
      name: 'rag-shell-layers',
      comment: 'embedders, stores and the embeddings server do not know the pipeline or the CLI; the pipeline does not know the CLI',
      severity: 'error',
      from: { path: '^packages/rag/src/(embed|store|server|config)/' },
      to: { path: '^packages/rag/src/(pipeline|cli)/' },
    },
    {
      name: 'rag-pipeline-does-not-know-the-cli',
      severity: 'error',
      from: { path: '^packages/rag/src/pipeline/' },
      to: { path: '^packages/rag/src/cli/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'result-is-the-bottom-layer',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/result/' },
      to: { path: '^packages/funcpipe/src/(resource|stream|async|policy)/' },
    },
    {
      name: 'resource-does-not-know-streams',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/resource/' },
      to: { path: '^packages/funcpipe/src/(stream|async)/' },
    },
    {
      name: 'shared-internals-import-no-room',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/internal/' },
      to: { path: '^packages/funcpipe/src/(result|resource|stream|async|policy)/' },
    },
    {
      name: 'streams-do-not-know-policies',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/(result|resource|stream|async)/' },
      to: { path: '^packages/funcpipe/src/policy/' },
    },
    {
      name: 'room-internals-stay-in-their-room',
      severity: 'error',
      from: { pathNot: '^packages/funcpipe/src/(async|policy)/' },
      to: { path: '^packages/funcpipe/src/async/internal/' },
    },
    {
      name: 'the-library-does-not-know-its-testing-kit',
      comment: 'funcpipe/testing is a separate entry point: only src/index.ts may load it (lazily, for FUNCPIPE_DEV=1)',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/(result|resource|stream|async|policy|internal)/' },
      to: { path: '^packages/funcpipe/src/testing/' },
    },
    {
      name: 'sync-streams-do-not-import-async',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/stream/' },
      to: { path: '^packages/funcpipe/src/async/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'packages/funcpipe/tsconfig.json') },
  },
};

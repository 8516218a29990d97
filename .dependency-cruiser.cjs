// Dependency rules for the core package: no import cycles, and layers point one way
// (result <- resource <- stream/async; the sync stream tree never imports the async one).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'result-is-the-bottom-layer',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/result/' },
      to: { path: '^packages/funcpipe/src/(resource|stream|async)/' },
    },
    {
      name: 'resource-does-not-know-streams',
      severity: 'error',
      from: { path: '^packages/funcpipe/src/resource/' },
      to: { path: '^packages/funcpipe/src/(stream|async)/' },
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

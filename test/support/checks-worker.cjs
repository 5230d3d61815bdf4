// The checks worker thread run from its TypeScript source, for tests that start the real worker.
require('tsx/cjs');
require('../../src/lazy/checks-worker.ts');

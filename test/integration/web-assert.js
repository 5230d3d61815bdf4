// In the web-worker extension host `node:assert/strict` does not exist; the npm `assert` package is the same API.
module.exports = require('assert').strict;

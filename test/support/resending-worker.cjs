// A stand-in for the checks worker that never holds a text: it asks for the whole text of every check posted as
// changes, and finds nothing in a whole text. For tests of what the host does when the worker asks.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (message) => {
  if (message.type !== 'check') return;
  parentPort.postMessage(
    'whole' in message.text
      ? { type: 'checked', id: message.id, result: { findings: [], printed: [] }, rescanned: false }
      : { type: 'resend', id: message.id },
  );
});

// replay.js — send the lines of an NDJSON (or CSV) file to `lw-walk record
// --listen` over a WebSocket, one message per line at RATE per second, as a
// browser world would. Uses the `ws` package that tools/install-deps.sh puts
// in tests/js (NODE_PATH=tests/js/node_modules).
//
//   node recipes/browser/replay.js ws://127.0.0.1:8080 walk.ndjson [RATE=10]
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

const [url, file, rate = '10'] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: replay.js ws://HOST:PORT FILE [RATE]');
  process.exit(2);
}
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const ws = new WebSocket(url);
ws.on('error', (e) => { console.error(`replay.js: ${url}: ${e.message}`); process.exit(1); });
ws.on('open', () => {
  let i = 0;
  const start = Date.now();
  const next = () => {
    if (i >= lines.length) return ws.close(1000, 'replay done');
    ws.send(lines[i++]);
    setTimeout(next, Math.max(0, start + (i * 1000) / Number(rate) - Date.now()));
  };
  next();
});
ws.on('close', () => console.error(`replay.js: sent ${lines.length} messages`));

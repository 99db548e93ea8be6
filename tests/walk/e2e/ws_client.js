// WebSocket clients for the tests and the benchmark of `lw-walk record
// --listen` (the pinned `ws` package of tests/js: a real RFC 6455 client).
//
//   node ws_client.js PORT stream WALKERS RATE FRAMES [named]
//     WALKERS connections at once, each sending FRAMES frames
//     {t, x = frame index, y = 1.6, z = walker index, azimuth} at RATE Hz on a
//     schedule (late frames are sent at once, so the count is exact); with
//     "named" each message carries "walker": "walkerK". Prints
//     {"sent": [..per walker..], "seconds": S} on stdout.
//   node ws_client.js PORT protocol MAX_MESSAGE
//     The protocol's corners, one after the other; prints what was seen.
'use strict';
const WebSocket = require('ws');

const [port, mode, ...args] = process.argv.slice(2);
const url = `ws://127.0.0.1:${port}`;

function open(u) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(u);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
function closed(ws) {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stream(walkers, rate, frames, named) {
  const conns = await Promise.all(Array.from({ length: walkers }, () => open(url)));
  const start = process.hrtime.bigint();
  const sent = new Array(walkers).fill(0);
  await Promise.all(conns.map((ws, w) => new Promise((resolve) => {
    const step = () => {
      const now = Number(process.hrtime.bigint() - start) / 1e9;
      const due = Math.min(frames, Math.floor(now * rate) + 1);
      for (; sent[w] < due; sent[w]++) {
        const i = sent[w];
        const m = { t: i / rate, x: i, y: 1.6, z: w, azimuth: (i * 7) % 360 };
        if (named) m.walker = `walker${w}`;
        ws.send(JSON.stringify(m));
      }
      if (sent[w] >= frames) {
        ws.close(1000, 'done');
        return resolve();
      }
      setTimeout(step, Math.max(0, ((sent[w]) / rate - now) * 1000));
    };
    step();
  })));
  await Promise.all(conns.map((ws) => ws.readyState === WebSocket.CLOSED ? null : closed(ws)));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ sent, seconds }));
}

async function protocol(maxMessage) {
  const seen = {};
  // 1. frames without t, stamped on arrival; a ping answered by a pong; a
  //    message sent in three fragments; a JSON array; a CSV line; bad ones.
  const a = await open(url);
  const pong = new Promise((resolve) => a.once('pong', (d) => resolve(d.toString())));
  a.ping('are-you-there');
  seen.pong = await Promise.race([pong, sleep(5000).then(() => null)]);
  for (let i = 0; i < 3; i++) {
    a.send(JSON.stringify({ x: i, y: 1.6, z: 0, phi: 10 * i }));
    await sleep(30);
  }
  const frag = JSON.stringify({ x: 3, y: 1.6, z: 0, azimuth: 30 });
  a.send(frag.slice(0, 5), { fin: false });
  a.send(frag.slice(5, 12), { fin: false });
  a.send(frag.slice(12), { fin: true });
  await sleep(30);
  a.send('{"x":-1e999,"y":0,"z":0,"phi":0}');  // overflows a double: skipped, not fatal
  a.send('not json at all');
  a.send('{"x":1,"y":2}');
  a.send('{"x":NaN,"y":0,"z":0,"phi":0}');
  a.send(JSON.stringify([{ x: 4, y: 1.6, z: 0, phi: 40 }, { x: 5, y: 1.6, z: 0, phi: 50 }]));
  await sleep(30);
  a.send('6,1.6,0,60');
  await sleep(30);
  // 2. a walker named in the messages, with t going backwards once
  for (const t of [0, 0.1, 0.2, 0.15, 0.3]) a.send(JSON.stringify({ walker: 'tb', t, x: t * 10, y: 1.6, z: 1, azimuth: 0 }));
  await sleep(50);
  // 3. an oversized message closes only its own connection, with 1009
  const big = await open(url);
  const bigClosed = closed(big);
  big.send(JSON.stringify({ x: 0, y: 0, z: 0, phi: 0, pad: 'x'.repeat(Number(maxMessage) + 10) }));
  seen.oversized = await Promise.race([bigClosed, sleep(5000).then(() => null)]);
  // the first connection is still served
  a.send(JSON.stringify({ x: 7, y: 1.6, z: 0, phi: 70 }));
  await sleep(50);
  a.close(1000, 'bye');
  seen.normal = await closed(a);
  console.log(JSON.stringify(seen));
}

(async () => {
  if (mode === 'stream') await stream(Number(args[0]), Number(args[1]), Number(args[2]), args[3] === 'named');
  else if (mode === 'protocol') await protocol(args[0]);
  else throw new Error(`unknown mode ${mode}`);
})().catch((e) => {
  console.error(`ws_client: ${e.message}`);
  process.exit(1);
});

// latentwalk-stream.js — send a browser world's camera to `lw-walk record`.
//
// Paste into any WebGL / three.js world (New Atlantis included), or load it
// with <script src="latentwalk-stream.js">, then:
//
//   const stream = latentwalkStream({
//     url: 'ws://127.0.0.1:8080',                 // lw-walk record --listen 127.0.0.1:8080
//     pose: () => latentwalkPoseOfCamera(camera),  // a three.js camera (or any {x,y,z,azimuth});
//                                                  // it is passed t, the time of the frame
//     walker: 'anna',                              // optional: the walker's name in the files
//   });
//   // stream.stop() when done.
//
// Every 100 ms (intervalMs) it sends one JSON message {t, x, y, z, azimuth}:
// t in seconds since the stream started (the browser's monotonic clock), the
// position in world units, y up, and the azimuth of latentwalk(7): degrees,
// 0 facing +z, 90 facing +x, in [0, 360). It reconnects every 2 s when the
// connection drops (lw-walk record then sees a new connection; give `walker`
// to keep one name across reconnections). Frames sampled while disconnected
// are not sent.
(function (global) {
  'use strict';

  // The pose of a three.js camera (or any Object3D): its world position and the
  // azimuth of the direction it looks along (its local -z axis). Uses only
  // matrixWorld, so it needs no THREE import.
  function latentwalkPoseOfCamera(camera) {
    camera.updateMatrixWorld();
    const e = camera.matrixWorld.elements;  // column-major 4x4
    const dx = -e[8], dz = -e[10];          // world direction of local -z
    return { x: e[12], y: e[13], z: e[14], azimuth: latentwalkAzimuth(dx, dz) };
  }

  // Azimuth (degrees, [0, 360)) of a ground-plane direction (dx, dz): 0 = +z, 90 = +x.
  function latentwalkAzimuth(dx, dz) {
    let a = (Math.atan2(dx, dz) * 180) / Math.PI;
    if (a < 0) a += 360;
    return a >= 360 ? 0 : a;
  }

  function latentwalkStream(options) {
    const url = options.url || 'ws://127.0.0.1:8080';
    const interval = options.intervalMs || 100;
    const now = () => (global.performance ? global.performance.now() : Date.now());
    const t0 = now();
    const state = { sent: 0, connected: false, stopped: false, ws: null };
    let timer = null, retry = null;

    function connect() {
      if (state.stopped) return;
      const ws = new WebSocket(url);
      state.ws = ws;
      ws.onopen = () => { state.connected = true; if (options.onstatus) options.onstatus('connected'); };
      ws.onclose = () => {
        state.connected = false;
        if (options.onstatus) options.onstatus('disconnected');
        if (!state.stopped) retry = setTimeout(connect, 2000);
      };
      ws.onerror = () => {};  // onclose follows
    }

    function send() {
      if (!state.connected || state.ws.readyState !== WebSocket.OPEN) return;
      // The time first, then the pose at that time (pose gets t, for scripted walks).
      const t = Number(((now() - t0) / 1000).toFixed(4));
      const p = options.pose(t);
      const m = { t, x: p.x, y: p.y, z: p.z, azimuth: p.azimuth };
      if (options.walker) m.walker = options.walker;
      if (![m.x, m.y, m.z, m.azimuth].every(Number.isFinite)) return;
      state.ws.send(JSON.stringify(m));
      state.sent++;
    }

    connect();
    timer = setInterval(send, interval);
    state.t0 = t0;
    state.stop = () => {
      state.stopped = true;
      clearInterval(timer);
      clearTimeout(retry);
      if (state.ws) state.ws.close(1000, 'walk ended');
    };
    return state;
  }

  global.latentwalkStream = latentwalkStream;
  global.latentwalkPoseOfCamera = latentwalkPoseOfCamera;
  global.latentwalkAzimuth = latentwalkAzimuth;
})(typeof window !== 'undefined' ? window : globalThis);

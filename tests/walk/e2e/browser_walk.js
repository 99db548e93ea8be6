// The browser side of lw-walk record, in Debian's chromium (headless, driven
// by the pinned puppeteer-core): recipes/browser/walk.html streams a scripted
// walk, and a second page is walked with the keyboard.
//
//   node browser_walk.js run PORT SCENE_JSON SCRIPT_JSON   streams, prints what the pages sent
//   node browser_walk.js check RECORDING SCRIPT_JSON       checks the recording against the script
//   node browser_walk.js keys RECORDING PAGES_JSON         checks the keyboard walk against the page's poses
'use strict';
const fs = require('fs');
const path = require('path');

const [mode, ...args] = process.argv.slice(2);

function scriptPose(s, t) {
  if (t <= s[0][0]) return s[0].slice(1);
  for (let i = 1; i < s.length; i++) {
    if (t <= s[i][0]) {
      const a = s[i - 1], b = s[i], u = (t - a[0]) / (b[0] - a[0]);
      const d = (((b[4] - a[4]) % 360) + 540) % 360 - 180;
      return [a[1] + u * (b[1] - a[1]), a[2] + u * (b[2] - a[2]), a[3] + u * (b[3] - a[3]), (((a[4] + u * d) % 360) + 360) % 360];
    }
  }
  return s[s.length - 1].slice(1);
}

async function run(port, scenePath, scriptPath) {
  const puppeteer = require('puppeteer-core');
  const page = 'file://' + path.resolve(__dirname, '../../../recipes/browser/walk.html');
  const scene = JSON.parse(fs.readFileSync(scenePath, 'utf8'));
  const script = fs.readFileSync(scriptPath, 'utf8');
  const profile = fs.mkdtempSync(path.join(process.env.LW_TMP || require('os').tmpdir(), 'lw-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
    userDataDir: profile,
  });
  const watchdog = setTimeout(() => { console.error('browser_walk: timed out'); browser.process().kill('SIGKILL'); process.exit(1); }, 60000);
  try {
    const errors = [];
    const open = async (query) => {
      const p = await browser.newPage();
      p.on('pageerror', (e) => errors.push(e.message));
      await p.setViewport({ width: 800, height: 500 });
      await p.goto(`${page}?ws=ws://127.0.0.1:${port}&${query}`);
      await p.evaluate((s) => window.latentwalk.loadScene(s), scene);
      return p;
    };
    // 1. the scripted walk
    const scripted = await open('walker=scripted&script=' + encodeURIComponent(script));
    // 2. the keyboard: forward 1.5 s (facing +z), turn right 1 s, forward 1 s
    const keys = await open('walker=keys');
    await keys.bringToFront();
    const start = await keys.evaluate(() => window.latentwalk.pose());
    await keys.keyboard.down('KeyW'); await new Promise((r) => setTimeout(r, 1500)); await keys.keyboard.up('KeyW');
    await keys.keyboard.down('ArrowRight'); await new Promise((r) => setTimeout(r, 1000)); await keys.keyboard.up('ArrowRight');
    await keys.keyboard.down('KeyW'); await new Promise((r) => setTimeout(r, 1000)); await keys.keyboard.up('KeyW');
    await new Promise((r) => setTimeout(r, 800));
    const end = await keys.evaluate(() => window.latentwalk.pose());
    const hud = await scripted.$eval('#hud', (e) => e.textContent);
    // Stop both streams, then count what they sent.
    await scripted.evaluate(() => window.latentwalk.stream.stop());
    await keys.evaluate(() => window.latentwalk.stream.stop());
    const sent = {
      scripted: await scripted.evaluate(() => window.latentwalk.stream.sent),
      keys: await keys.evaluate(() => window.latentwalk.stream.sent),
    };
    await new Promise((r) => setTimeout(r, 300));
    console.log(JSON.stringify({ sent, start, end, errors, hud }));
  } finally {
    clearTimeout(watchdog);
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function check(recording, scriptPath) {
  const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8'));
  const frames = JSON.parse(fs.readFileSync(recording, 'utf8')).frames;
  const problems = [];
  if (frames.length < 25) problems.push(`only ${frames.length} frames`);
  let worst = 0, worstAt = null;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (i > 0 && !(f.t > frames[i - 1].t)) problems.push(`frame ${i}: t ${f.t} not after ${frames[i - 1].t}`);
    const [x, y, z, az] = scriptPose(script, f.t);
    const daz = Math.abs((((f.azimuth - az) % 360) + 540) % 360 - 180);
    const dev = Math.max(Math.hypot(f.x - x, f.y - y, f.z - z), daz / 100);
    if (dev > worst) { worst = dev; worstAt = { t: f.t, got: [f.x, f.y, f.z, f.azimuth], want: [x, y, z, az] }; }
  }
  // The page samples the scripted pose at the time stamp it sends: the frames lie on the path.
  if (worst > 0.01) problems.push(`frames stray from the scripted path by up to ${worst.toFixed(3)}`);
  const periods = frames.slice(1).map((f, i) => f.t - frames[i].t).sort((a, b) => a - b);
  const median = periods[Math.floor(periods.length / 2)];
  const rate = (frames.length - 1) / (frames[frames.length - 1].t - frames[0].t);
  if (!(median > 0.08 && median < 0.12)) problems.push(`median period ${median} s, expected about 0.1`);
  if (!(rate > 8 && rate < 11)) problems.push(`effective rate ${rate} Hz, expected about 10`);
  console.log(JSON.stringify({ frames: frames.length, median_period: median, rate_hz: rate, worst_deviation: worst, worst_at: worstAt, problems }));
  if (problems.length) process.exit(1);
}

// The keyboard page walked forward along +z, turned right (clockwise) to
// about 90 and walked along +x; its last recorded frame is its final pose.
function keys(recording, pagesPath) {
  const frames = JSON.parse(fs.readFileSync(recording, 'utf8')).frames;
  const { start, end } = JSON.parse(fs.readFileSync(pagesPath, 'utf8'));
  const last = frames[frames.length - 1];
  const problems = [];
  if (!(end.z - start.z > 1.2)) problems.push(`walked ${end.z - start.z} along +z, expected about 2`);
  if (!(end.x - start.x > 0.6)) problems.push(`walked ${end.x - start.x} along +x, expected about 1.4`);
  if (!(end.azimuth > 60 && end.azimuth < 120)) problems.push(`facing ${end.azimuth}, expected about 90`);
  if (Math.hypot(last.x - end.x, last.z - end.z) > 0.01 || Math.abs(last.azimuth - end.azimuth) > 0.1)
    problems.push(`last recorded frame ${JSON.stringify(last)} is not the page's final pose ${JSON.stringify(end)}`);
  console.log(JSON.stringify({ frames: frames.length, start, end, last, problems }));
  if (problems.length) process.exit(1);
}

(async () => {
  if (mode === 'keys') keys(...args);
  else if (mode === 'run') await run(...args);
  else if (mode === 'check') check(...args);
  else throw new Error(`unknown mode ${mode}`);
})().catch((e) => { console.error(`browser_walk: ${e.stack || e}`); process.exit(1); });

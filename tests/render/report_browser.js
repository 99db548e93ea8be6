// Drives Debian's chromium (headless, puppeteer-core over the DevTools
// protocol) through a review page written by `lw-render walk --report` or
// `lw-walk report`: loads it, seeks to several times and checks that the
// walker marker is where the walk is at those times (computed here from the
// CSV walk, independently of the page), that clicks on the timeline and on
// the map seek, that there is no console error, and saves a screenshot.
// Usage: node report_browser.js PAGE.html WALK.csv SCREENSHOT.png [--no-latents]
"use strict";
const fs = require("fs");
const path = require("path");
const os = require("os");
const puppeteer = require("puppeteer-core");

const [page_path, walk_csv, shot] = process.argv.slice(2, 5);
const expect_latents = !process.argv.includes("--no-latents");
const rows = fs.readFileSync(walk_csv, "utf8").trim().split("\n").slice(1).map(l => l.split(",").map(Number));
const T = rows.map(r => r[0]), X = rows.map(r => r[1]), Z = rows.map(r => r[3]);
function walkAt(s) {  // linear, time from the walk's start
  const t = T[0] + s;
  if (t <= T[0]) return [X[0], Z[0]];
  for (let i = 1; i < T.length; i++)
    if (t <= T[i]) { const u = (t - T[i - 1]) / (T[i] - T[i - 1]); return [X[i - 1] + u * (X[i] - X[i - 1]), Z[i - 1] + u * (Z[i] - Z[i - 1])]; }
  return [X[X.length - 1], Z[Z.length - 1]];
}
function check(cond, what) { if (!cond) { console.error("FAIL: " + what); process.exitCode = 1; throw new Error(what); } }

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lw-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium", headless: true, userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const problems = [];
    const requests = [];
    page.on("console", m => { if (m.type() === "error" || m.type() === "warning") problems.push(m.type() + ": " + m.text()); });
    page.on("pageerror", e => problems.push("pageerror: " + e.message));
    page.on("request", r => { if (!r.url().startsWith("data:") && !r.url().startsWith("file:")) requests.push(r.url()); });
    await page.goto("file://" + path.resolve(page_path), { waitUntil: "load", timeout: 60000 });
    await page.waitForFunction(() => window.lwReport && document.getElementById("player").readyState >= 1, { timeout: 60000 });
    const duration = await page.evaluate(() => document.getElementById("player").duration);
    const page_duration = await page.evaluate(() => window.lwReport.duration);
    check(Math.abs(duration - page_duration) < 0.05, `audio duration ${duration} vs page ${page_duration}`);
    check(await page.evaluate(() => !!document.getElementById("latents")) === expect_latents, "latent panel presence");
    const walk_span = T[T.length - 1] - T[0];
    const times = [0, 0.13, 0.37, 0.5, 0.71, 0.96].map(f => f * Math.min(duration, walk_span));
    let worst = 0;
    for (const s of times) {
      await page.evaluate(s => new Promise(resolve => {
        const a = document.getElementById("player");
        a.addEventListener("seeked", () => requestAnimationFrame(() => resolve()), { once: true });
        a.currentTime = s;
      }), s);
      const got = await page.evaluate(() => ({ t: document.getElementById("player").currentTime, m: window.lwReport.marker() }));
      const want = walkAt(got.t);
      const err = Math.hypot(got.m.x - want[0], got.m.z - want[1]);
      worst = Math.max(worst, err);
      check(Math.abs(got.t - s) < 0.05, `seek to ${s} landed at ${got.t}`);
      check(err < 0.02, `marker at t=${got.t.toFixed(3)}: (${got.m.x}, ${got.m.z}), walk (${want[0]}, ${want[1]})`);
      // the marker is drawn inside the map on screen
      const inside = await page.evaluate(() => {
        const m = document.getElementById("walker").getBoundingClientRect(), r = document.getElementById("map").getBoundingClientRect();
        return m.width > 0 && m.left >= r.left - 1 && m.right <= r.right + 1 && m.top >= r.top - 1 && m.bottom <= r.bottom + 1;
      });
      check(inside, "marker on the map at t=" + got.t);
    }
    // a click on the spectrogram at 40 % of its width seeks to 40 % of the duration
    const box = await (await page.$("#spectrogram")).boundingBox();
    await page.mouse.click(box.x + 0.4 * box.width, box.y + box.height / 2);
    await new Promise(r => setTimeout(r, 300));
    const t_click = await page.evaluate(() => document.getElementById("player").currentTime);
    check(Math.abs(t_click - 0.4 * duration) < 0.05 * duration, `timeline click seeked to ${t_click}, want ${0.4 * duration}`);
    // a click on the map at a walk point seeks to that point's time
    const k = Math.floor(T.length * 0.62);
    const pt = await page.evaluate((x, z) => {
      const map = document.getElementById("map"), p = map.createSVGPoint();
      p.x = x; p.y = -z;
      const q = p.matrixTransform(map.getScreenCTM());
      return [q.x, q.y];
    }, X[k], Z[k]);
    await page.mouse.click(pt[0], pt[1]);
    await new Promise(r => setTimeout(r, 300));
    const t_map = await page.evaluate(() => document.getElementById("player").currentTime);
    const m_map = await page.evaluate(() => window.lwReport.marker());
    check(Math.hypot(m_map.x - X[k], m_map.z - Z[k]) < 0.3, `map click: marker at (${m_map.x}, ${m_map.z}), clicked (${X[k]}, ${Z[k]}) t=${t_map}`);
    // leave the cursor somewhere visible for the screenshot
    await page.evaluate(s => { document.getElementById("player").currentTime = s; }, 0.37 * duration);
    await new Promise(r => setTimeout(r, 400));
    await page.screenshot({ path: shot, fullPage: true });
    check(problems.length === 0, "console: " + problems.join(" | "));
    check(requests.length === 0, "network requests: " + requests.join(" "));
    console.log(`report ok: ${times.length} seeks, worst marker error ${worst.toExponential(2)} scene units, ` +
                `timeline click ${t_click.toFixed(2)} s, map click ${t_map.toFixed(2)} s`);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch(e => { console.error(e.message); process.exitCode = 1; });

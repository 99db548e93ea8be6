// Drives Debian's chromium (headless, puppeteer-core over the DevTools
// protocol) through a review page written by `lw-render walk --report` or
// `lw-walk report`: loads it, seeks to several times and checks that the
// walker marker is where the walk is at those times (computed here from the
// CSV walk, independently of the page), that clicks on the timeline and on
// the map seek, that there is no console error, and saves a screenshot.
// Every timeline's cursor is measured on screen against its canvas (not the
// canvas's wrapper, which may be wider: a past bug), also with the panels
// made wider than the canvases.
// Usage: node report_browser.js PAGE.html WALK.csv|- SCREENSHOT.png [--no-latents]
//          [--delay SEC] [--audio-mode]
//   --delay SEC: the walk is heard SEC late: the marker must be at the
//     walk's position at t - SEC (and the page must say so).
//   --audio-mode: an lw-render audio page: the input's feature plots and
//     spectrogram are drawn (pitch with gaps); WALK - = no walk, no walker.
"use strict";
const fs = require("fs");
const path = require("path");
const os = require("os");
const puppeteer = require("puppeteer-core");

const [page_path, walk_csv, shot] = process.argv.slice(2, 5);
const expect_latents = !process.argv.includes("--no-latents");
const audio_mode = process.argv.includes("--audio-mode");
const delay_arg = process.argv.indexOf("--delay");
const delay = delay_arg > 0 ? Number(process.argv[delay_arg + 1]) : 0;
if (!(delay >= 0)) throw new Error("--delay needs seconds >= 0");
const with_walk = walk_csv !== "-";
const rows = with_walk ? fs.readFileSync(walk_csv, "utf8").trim().split("\n").slice(1).map(l => l.split(",").map(Number)) : [];
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
    check(await page.evaluate(() => !!document.getElementById("walker")) === with_walk, "walker presence");
    const ids = await page.evaluate(() => Array.from(document.querySelectorAll(".timeline canvas")).map(c => c.id));
    const features = ["input-spectrogram", "input-loudness", "input-pitch", "input-centroid", "input-flatness"];
    for (const id of features) check(ids.includes(id) === audio_mode, "feature plot " + id + " presence");
    if (audio_mode) {
      // every plot has something drawn on it; the pitch has gaps and values
      const inked = await page.evaluate(ids => ids.map(id => {
        const c = document.getElementById(id), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let k = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) k++;
        return k / (c.width * c.height);
      }), features);
      features.forEach((id, i) => check(inked[i] > 0.002, `plot ${id} is drawn (${inked[i]})`));
      const gaps = await page.evaluate(() => {
        const p = JSON.parse(document.getElementById("lw-data").textContent).input.pitch;
        return [p.filter(v => v === null).length, p.filter(v => v !== null).length];
      });
      check(gaps[0] > 0 && gaps[1] > 0, `pitch gaps ${gaps[0]}, values ${gaps[1]}`);
    }
    // the cursors, measured on screen over their canvases
    async function cursors(s) {
      const got = await page.evaluate(() => Array.from(document.querySelectorAll(".timeline")).map(tl => {
        const c = tl.querySelector("canvas").getBoundingClientRect(), k = tl.querySelector(".cursor").getBoundingClientRect();
        return { id: tl.querySelector("canvas").id, x: (k.left + k.right) / 2 - c.left, w: c.width };
      }));
      let bad = 0;
      for (const g of got) {
        const want = Math.min(1, s / duration) * g.w;
        bad = Math.max(bad, Math.abs(g.x - want));
        check(Math.abs(g.x - want) < 1.5, `cursor of ${g.id} at ${g.x.toFixed(1)} px, want ${want.toFixed(1)} (t=${s})`);
      }
      return bad;
    }
    const walk_span = with_walk ? T[T.length - 1] - T[0] + delay : duration;
    const times = [0, 0.13, 0.37, 0.5, 0.71, 0.96].map(f => f * Math.min(duration, walk_span));
    let worst = 0, worst_cursor = 0, delay_seen = 0;
    for (const s of times) {
      await page.evaluate(s => new Promise(resolve => {
        const a = document.getElementById("player");
        a.addEventListener("seeked", () => requestAnimationFrame(() => resolve()), { once: true });
        a.currentTime = s;
      }), s);
      const got = await page.evaluate(() => ({ t: document.getElementById("player").currentTime, m: window.lwReport.marker() }));
      check(Math.abs(got.t - s) < 0.05, `seek to ${s} landed at ${got.t}`);
      worst_cursor = Math.max(worst_cursor, await cursors(got.t));
      if (!with_walk) continue;
      const want = walkAt(Math.max(0, got.t - delay)), undelayed = walkAt(got.t);
      const err = Math.hypot(got.m.x - want[0], got.m.z - want[1]);
      worst = Math.max(worst, err);
      delay_seen = Math.max(delay_seen, Math.hypot(want[0] - undelayed[0], want[1] - undelayed[1]));
      check(err < 0.02, `marker at t=${got.t.toFixed(3)}: (${got.m.x}, ${got.m.z}), walk at t - ${delay} (${want[0]}, ${want[1]})`);
      // the marker is drawn inside the map on screen
      const inside = await page.evaluate(() => {
        const m = document.getElementById("walker").getBoundingClientRect(), r = document.getElementById("map").getBoundingClientRect();
        return m.width > 0 && m.left >= r.left - 1 && m.right <= r.right + 1 && m.top >= r.top - 1 && m.bottom <= r.bottom + 1;
      });
      check(inside, "marker on the map at t=" + got.t);
    }
    // the delay moved the marker measurably somewhere (else this run checks nothing about it)
    if (delay > 0) check(delay_seen > 0.1, `the delay made no visible difference (${delay_seen})`);
    // (after the marker: a run given the wrong delay fails on the marker's position)
    check(Math.abs(await page.evaluate(() => window.lwReport.delay) - delay) < 1e-9, "page delay");
    if (delay > 0) {
      const note = await page.evaluate(() => { const e = document.getElementById("delay-note"); return e ? e.textContent : ""; });
      check(note.startsWith("Heard " + Math.round(delay * 1000) + " ms late"), "delay note: '" + note + "'");
    }
    // panels wider than their canvases: the cursors stay over the canvases
    await page.evaluate(() => document.querySelectorAll(".panel").forEach(p => { p.style.minWidth = "1150px"; }));
    {
      const s = 0.61 * duration;
      await page.evaluate(s => new Promise(resolve => {
        const a = document.getElementById("player");
        a.addEventListener("seeked", () => requestAnimationFrame(() => resolve()), { once: true });
        a.currentTime = s;
      }), s);
      const wide = await page.evaluate(() => { const tl = document.querySelector(".timeline");
        return tl.getBoundingClientRect().width - tl.querySelector("canvas").getBoundingClientRect().width; });
      check(wide > 100, "the wrapper is wider than its canvas in this check: " + wide);
      worst_cursor = Math.max(worst_cursor, await cursors(await page.evaluate(() => document.getElementById("player").currentTime)));
    }
    await page.evaluate(() => document.querySelectorAll(".panel").forEach(p => { p.style.minWidth = ""; }));
    // a click on the spectrogram at 40 % of its width seeks to 40 % of the duration
    const box = await (await page.$("#spectrogram")).boundingBox();
    await page.mouse.click(box.x + 0.4 * box.width, box.y + box.height / 2);
    await new Promise(r => setTimeout(r, 300));
    const t_click = await page.evaluate(() => document.getElementById("player").currentTime);
    check(Math.abs(t_click - 0.4 * duration) < 0.05 * duration, `timeline click seeked to ${t_click}, want ${0.4 * duration}`);
    let t_feature = -1;
    if (audio_mode) {  // and on a feature plot (below the fold: scrolled into view by puppeteer)
      const el = await page.$("#input-pitch");
      await el.scrollIntoView();
      const fb = await el.boundingBox();
      await page.mouse.click(fb.x + 0.7 * fb.width, fb.y + fb.height / 2);
      await new Promise(r => setTimeout(r, 300));
      t_feature = await page.evaluate(() => document.getElementById("player").currentTime);
      check(Math.abs(t_feature - 0.7 * duration) < 0.02 * duration, `feature click seeked to ${t_feature}, want ${0.7 * duration}`);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    // a click on the map at a walk point seeks to that point's time (plus the delay)
    // (a point heard within the audio: a walk may outlast an audio-mode input)
    let heard = 0;
    while (heard + 1 < T.length && T[heard + 1] - T[0] + delay <= 0.95 * duration) heard++;
    const k = Math.floor((heard + 1) * 0.62);
    let t_map = -1;
    if (with_walk) {
    const pt = await page.evaluate((x, z) => {
      const map = document.getElementById("map"), p = map.createSVGPoint();
      p.x = x; p.y = -z;
      const q = p.matrixTransform(map.getScreenCTM());
      return [q.x, q.y];
    }, X[k], Z[k]);
    await page.mouse.click(pt[0], pt[1]);
    await new Promise(r => setTimeout(r, 300));
    t_map = await page.evaluate(() => document.getElementById("player").currentTime);
    const m_map = await page.evaluate(() => window.lwReport.marker());
    check(Math.hypot(m_map.x - X[k], m_map.z - Z[k]) < 0.3, `map click: marker at (${m_map.x}, ${m_map.z}), clicked (${X[k]}, ${Z[k]}) t=${t_map}`);
    }
    // leave the cursor somewhere visible for the screenshot
    await page.evaluate(s => { document.getElementById("player").currentTime = s; }, 0.37 * duration);
    await new Promise(r => setTimeout(r, 400));
    await page.screenshot({ path: shot, fullPage: true });
    check(problems.length === 0, "console: " + problems.join(" | "));
    check(requests.length === 0, "network requests: " + requests.join(" "));
    console.log(`report ok: ${times.length} seeks, worst marker error ${worst.toExponential(2)} scene units` +
                (delay > 0 ? ` (walk at t - ${delay.toFixed(4)} s; undelayed would be off by up to ${delay_seen.toFixed(2)})` : "") +
                `, worst cursor error ${worst_cursor.toFixed(2)} px, timeline click ${t_click.toFixed(2)} s` +
                (audio_mode ? `, feature click ${t_feature.toFixed(2)} s` : "") +
                (with_walk ? `, map click ${t_map.toFixed(2)} s` : ""));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch(e => { console.error(e.message); process.exitCode = 1; });

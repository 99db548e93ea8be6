#!/usr/bin/env python3
"""Mutation campaign over the tools (issue 14; not part of ctest).

Mutates small valid inputs of every kind (byte flips, truncation, extreme
numbers, invalid UTF-8, type swaps, header fields) with a fixed seed, runs the
tools' commands that read each kind, and counts per tool and per kind: runs,
crashes (ended by a signal), exit 3, hangs (past --timeout), NaN/Inf written
(exit 0 with a non-finite sample in a WAV or a NaN/Infinity token in a text
output), exit-2 messages that name no file, and inputs changed by a run.

    python3 tests/fuzz/campaign.py --bin BUILD/bin [--per-kind 40] [--seed 1]

Standard library only. Prints a table and a JSON summary line.
"""
import argparse, hashlib, json, math, os, random, re, shutil, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TD = os.path.join(ROOT, "testdata")
CORPUS = os.path.join(HERE, "corpus")

EXTREMES = ["1e999", "-1e999", "1e308", "1.8e308", "-1e308", "1e200", "nan", "NaN", "inf", "-0",
            "1e-320", "4294967296", "9223372036854775808", "268435455", "0", "-1", "1e9", "\"x\""]


def seeds():
    """kind -> (list of seed paths, extension)."""
    k = {}
    def c(sub, ext):
        d = os.path.join(CORPUS, sub)
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(ext))
    k["walk_json"] = (c("trajectory_json", ".json"), ".json")
    k["walk_csv"] = (c("trajectory_csv", ".csv"), ".csv")
    k["walk_ndjson"] = (c("trajectory_ndjson", ".ndjson"), ".ndjson")
    k["scene_yaml"] = ([os.path.join(TD, "scenes", f) for f in sorted(os.listdir(os.path.join(TD, "scenes")))], ".yaml")
    k["mapping_yaml"] = ([os.path.join(TD, "mappings", f) for f in sorted(os.listdir(os.path.join(TD, "mappings")))], ".yaml")
    k["features_json"] = (c("features_json", ".json"), ".json")
    k["features_csv"] = (c("features_csv", ".csv"), ".csv")
    k["control_json"] = (c("control_path", ".json"), ".control.json")
    k["smf"] = (c("smf", ".mid") + [os.path.join(TD, "midi", "rock.mid")], ".mid")
    k["wav"] = (c("audio_file", ".wav"), ".wav")
    k["dataset_json"] = (c("explorer_dataset", ".json"), ".json")
    return k


def mutate(data, rng, binary):
    data = bytearray(data)
    how = rng.randrange(8)
    if not data:
        return bytes(data), "empty"
    if how == 0:  # byte flips
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data), "flip"
    if how == 1:
        return bytes(data[: rng.randrange(len(data))]), "truncate"
    if how == 2 and not binary:  # an extreme number for a number
        text = data.decode("latin-1")
        nums = list(re.finditer(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text))
        if nums:
            m = rng.choice(nums)
            text = text[: m.start()] + rng.choice(EXTREMES) + text[m.end():]
            return text.encode("latin-1"), "number"
    if how == 3:  # invalid UTF-8 inside
        p = rng.randrange(len(data))
        return bytes(data[:p] + b"\xff\xfe\xc3" + data[p:]), "utf8"
    if how == 4:  # a chunk repeated
        a = rng.randrange(len(data)); b = min(len(data), a + rng.randint(1, 200))
        return bytes(data[:b] + data[a:b] * rng.randint(2, 50) + data[b:]), "repeat"
    if how == 5 and not binary:  # a line removed
        lines = data.split(b"\n")
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
            return b"\n".join(lines), "line"
    if how == 6 and not binary:  # a string where a number was, and the reverse
        text = data.decode("latin-1")
        if rng.random() < 0.5:
            text = re.sub(r":\s*(-?\d[\d.eE+-]*)", lambda m: ': "' + m.group(1) + '"', text, count=rng.randint(1, 3))
        else:
            text = re.sub(r'"[A-Za-z_]+"(\s*[,}\]])', r"[1,2]\1", text, count=1)
        return text.encode("latin-1"), "type"
    if binary:  # a header integer set to an extreme
        p = rng.randrange(min(len(data), 64))
        v = rng.choice([0, 0xFFFFFFFF, 0x7FFFFFFF, 100000000, 0x0FFFFFFF, 1, 2 ** 31])
        data[p:p + 4] = struct.pack("<I", v)[: max(0, min(4, len(data) - p))]
        return bytes(data), "header"
    p = rng.randrange(len(data))
    return bytes(data[:p] + rng.choice(EXTREMES).encode() + data[p:]), "insert"


def commands(kind, f, ext):
    """(tool, argv, outputs) for an input file of a kind."""
    walk = os.path.join(CORPUS, "trajectory_json", "random.json")
    scene = os.path.join(TD, "scenes", "experience2-landmarks.yaml")
    mapping = os.path.join(TD, "mappings", "soundwalk.yaml")
    out = []
    if kind.startswith("walk_") or kind == "control_json":
        out += [("lw-walk", ["lw-walk", "info", f, "--rate", "10"], []),
                ("lw-walk", ["lw-walk", "convert", f, "--rate", "10", "-o", "o.json"], ["o.json"]),
                ("lw-walk", ["lw-walk", "resample", f, "--rate", "10", "--input-rate", "10", "-o", "o.csv"], ["o.csv"]),
                ("lw-walk", ["lw-walk", "plot", f, "--rate", "10", "-o", "o.svg"], ["o.svg"])]
        if kind == "walk_json":
            out.append(("lw-render", ["lw-render", "walk", f, "--mapping", mapping, "-o", "o.wav", "-q"], ["o.wav"]))
    elif kind == "scene_yaml":
        out += [("lw-walk", ["lw-walk", "generate", "visit", "--scene", f, "--duration", "5", "-o", "o.json"], ["o.json"]),
                ("lw-walk", ["lw-walk", "info", walk, "--scene", f, "--json"], []),
                ("lw-render", ["lw-render", "walk", walk, "--scene", f, "--mapping", mapping, "-o", "o.wav", "-q"], ["o.wav"])]
    elif kind == "mapping_yaml":
        out.append(("lw-render", ["lw-render", "walk", walk, "--scene", scene, "--mapping", f, "-o", "o.wav", "-q"], ["o.wav"]))
    elif kind.startswith("features_"):
        out += [("lw-features", ["lw-features", "stats", f], []),
                ("lw-features", ["lw-features", "stats", f, "--json"], [])]
    elif kind == "smf":
        out += [("lw-rhythm", ["lw-rhythm", "preview", f, "-o", "o.wav", "-q"], ["o.wav"])]
    elif kind == "wav":
        out += [("lw-features", ["lw-features", "extract", f, "-o", "o.csv"], ["o.csv"]),
                ("lw-features", ["lw-features", "extract", f, "--select", "pitch", "--window", "256", "--fft", "256", "-o", "o.json"], ["o.json"])]
    elif kind == "dataset_json":
        out += [("lw-train-explorer", ["lw-train-explorer", "list", f], [])]
    return out


def wav_nonfinite(path):
    try:
        b = open(path, "rb").read()
    except OSError:
        return False
    if b[:4] != b"RIFF" or b[8:12] != b"WAVE":
        return False
    p, fmt, bits = 12, None, 0
    while p + 8 <= len(b):
        cid, size = b[p:p + 4], struct.unpack("<I", b[p + 4:p + 8])[0]
        body = b[p + 8:p + 8 + size]
        if cid == b"fmt ":
            fmt, bits = struct.unpack("<H", body[:2])[0], struct.unpack("<H", body[14:16])[0]
        elif cid == b"data" and fmt in (3, 0xFFFE) and bits == 32:
            n = len(body) // 4
            return any(not math.isfinite(x) for x in struct.unpack("<%df" % n, body[: 4 * n]))
        p += 8 + size + (size & 1)
    return False


def text_nonfinite(path):
    try:
        t = open(path, "rb").read(8 << 20).decode("utf-8", "replace")
    except OSError:
        return False
    return re.search(r"\b(NaN|nan|-?Infinity|-?inf)\b", t) is not None


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=15.0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    env = dict(os.environ, PATH=os.path.abspath(a.bin) + ":" + os.environ["PATH"])
    work = tempfile.mkdtemp(prefix="lw-campaign.")
    rows = {}
    examples = {}
    inputs = 0
    try:
        for kind, (files, ext) in seeds().items():
            binary = kind in ("smf", "wav")
            for i in range(a.per_kind):
                src = rng.choice(files)
                data, how = mutate(open(src, "rb").read(), rng, binary)
                f = os.path.join(work, "in%d%s" % (i, ext))
                open(f, "wb").write(data)
                inputs += 1
                for tool, argv, outs in commands(kind, f, ext):
                    if not shutil.which(tool, path=env["PATH"]):
                        continue
                    r = rows.setdefault((tool, kind), dict(runs=0, signal=0, exit3=0, hang=0, nan=0, noname=0, changed=0))
                    before = sha(f)
                    for o in outs:
                        if os.path.exists(os.path.join(work, o)):
                            os.remove(os.path.join(work, o))
                    r["runs"] += 1
                    try:
                        p = subprocess.run(argv, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                           timeout=a.timeout)
                        rc, err, so = p.returncode, p.stderr.decode("utf-8", "replace"), p.stdout
                    except subprocess.TimeoutExpired:
                        r["hang"] += 1
                        examples.setdefault((tool, kind, "hang"), (how, " ".join(argv[:3])))
                        continue
                    what = None
                    if rc < 0 or rc >= 128:
                        r["signal"] += 1; what = "signal"
                    elif rc == 3:
                        r["exit3"] += 1; what = "exit3"
                    elif rc == 2:
                        names = [os.path.basename(x) for x in argv[1:] if os.path.sep in x or "." in x]
                        if not any(n and n in err for n in names):
                            r["noname"] += 1; what = "noname"
                    elif rc == 0:
                        bad = any(wav_nonfinite(os.path.join(work, o)) if o.endswith(".wav")
                                  else text_nonfinite(os.path.join(work, o)) for o in outs)
                        if not outs and re.search(rb"\b(NaN|nan|-?Infinity)\b", so):
                            bad = True
                        if bad:
                            r["nan"] += 1; what = "nan"
                    if sha(f) != before:
                        r["changed"] += 1; what = "changed"
                    if what:
                        examples.setdefault((tool, kind, what), (how, err.strip().splitlines()[-1][:160] if err.strip() else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cols = ["runs", "signal", "exit3", "hang", "nan", "noname", "changed"]
    print("%-18s %-14s " % ("tool", "kind") + " ".join("%7s" % c for c in cols))
    tot = dict.fromkeys(cols, 0)
    for (tool, kind), r in sorted(rows.items()):
        print("%-18s %-14s " % (tool, kind) + " ".join("%7d" % r[c] for c in cols))
        for c in cols:
            tot[c] += r[c]
    print("%-18s %-14s " % ("total", "%d inputs" % inputs) + " ".join("%7d" % tot[c] for c in cols))
    for (tool, kind, what), (how, msg) in sorted(examples.items()):
        print("  e.g. %s %s %s (mutation %s): %s" % (what, tool, kind, how, msg))
    print(json.dumps(dict(inputs=inputs, per_kind=a.per_kind, seed=a.seed, **tot)))


if __name__ == "__main__":
    main()

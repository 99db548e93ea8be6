// TensorFlow.js side of the M4L.RhythmVAE round trip (tests/rhythm/rhythmvae_tfjs.sh).
// Pure JavaScript @tensorflow/tfjs (pinned in tests/js), CPU backend; the
// files are read and written with fs through in-memory IO handlers, as Node
// has no file:// handler without tfjs-node.
//
//   node tfjs_decoder.js load DIR POINTS.json OUT.json
//       loads DIR/model.json + DIR/weights.bin (tf.loadLayersModel, as the
//       device's loadModel does) and writes the three outputs at the points.
//   node tfjs_decoder.js build DIR POINTS.json OUT.json SEED [HIDDEN]
//       builds a decoder with the device's topology (src/vae.js: Dense
//       HIDDEN (1024) -> BN -> LeakyReLU -> 3 x [Dense 512 -> BN -> LeakyReLU
//       -> Dense 864 sigmoid / sigmoid / tanh]) with random weights and
//       random batch-norm statistics, saves it to DIR as model.save does,
//       and writes its outputs at the points.
// POINTS.json: [[z1, z2], ...]. OUT.json: [{onsets, velocities, offsets}]
// each [9][96] (the device's reshape).
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function predict(model, points, out) {
  const z = tf.tensor2d(points, [points.length, 2]);
  const ys = model.predict(z);
  if (!Array.isArray(ys) || ys.length !== 3) throw new Error('expected three outputs');
  const arr = await Promise.all(ys.map((y) => y.array()));
  const res = points.map((_, k) => {
    const shaped = arr.map((a) => {
      const rows = [];
      for (let c = 0; c < 9; ++c) rows.push(a[k].slice(c * 96, (c + 1) * 96));
      return rows;
    });
    return { onsets: shaped[0], velocities: shaped[1], offsets: shaped[2] };
  });
  fs.writeFileSync(out, JSON.stringify(res));
}

function buildDecoder(seed, hidden) {
  let s = seed;
  const next = () => ++s;
  const input = tf.input({ shape: [2] });
  const block = (x, units) => {
    const d = tf.layers.dense({ units, useBias: true, kernelInitializer: tf.initializers.glorotNormal({ seed: next() }) }).apply(x);
    const b = tf.layers.batchNormalization({ axis: 1 }).apply(d);
    return tf.layers.leakyReLU().apply(b);
  };
  const h = block(input, hidden);
  const outs = ['sigmoid', 'sigmoid', 'tanh'].map((activation) =>
    tf.layers.dense({ units: 864, activation, biasInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: next() }) })
      .apply(block(h, 512)));
  const model = tf.model({ inputs: input, outputs: outs, name: 'decoder' });
  // Non-trivial batch-norm parameters and statistics, so that a wrong
  // mapping of gamma/beta/moving_mean/moving_variance shows.
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const n = layer.getWeights()[0].shape[0];
    layer.setWeights([
      tf.randomUniform([n], 0.5, 1.5, 'float32', next()),
      tf.randomNormal([n], 0, 0.2, 'float32', next()),
      tf.randomNormal([n], 0, 0.5, 'float32', next()),
      tf.randomUniform([n], 0.3, 3, 'float32', next()),
    ]);
  }
  return model;
}

async function main() {
  await tf.setBackend('cpu');
  const [mode, dir, pointsFile, out, seed, hidden] = process.argv.slice(2);
  const points = JSON.parse(fs.readFileSync(pointsFile, 'utf8'));
  if (mode === 'load') {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    const weightSpecs = [].concat(...json.weightsManifest.map((g) => g.weights));
    const handler = tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    });
    const model = await tf.loadLayersModel(handler);
    await predict(model, points, out);
  } else if (mode === 'build') {
    const model = buildDecoder(Number(seed || 1), Number(hidden || 1024));
    fs.mkdirSync(dir, { recursive: true });
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }];
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
        modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy, weightsManifest: manifest,
      }));
      fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    await predict(model, points, out);
  } else {
    throw new Error('usage: tfjs_decoder.js load|build DIR POINTS.json OUT.json [SEED [HIDDEN]]');
  }
}

main().catch((e) => { console.error('tfjs_decoder.js: ' + (e && e.stack || e)); process.exit(1); });

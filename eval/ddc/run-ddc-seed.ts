// One DDC run in its own process (the eval's crash isolation: TF.js wasm's heap has aborted after several long runs
// in one process). Usage: tsx run-ddc-seed.ts <rows> <seed> <epochs> <variant> <out.json>. Writes the run's
// assignments, its last-epoch training loss (the ranking used for the vote), history and wall time.
import { writeFile } from 'node:fs/promises';
import { DDC, ensureBackend, loadMnist } from '@clusterflow/deep-clustering';

const [rows, seed, epochs] = process.argv.slice(2, 5).map(Number);
const variant = process.argv[5] as 'conv' | 'fc';
const out = process.argv[6];
await ensureBackend('auto');
const data = await loadMnist({ limit: rows });
const started = performance.now();
const model = await new DDC({ k: 10, variant, epochs, seed }).fit(data, {
  onEpoch: (e) =>
    console.error(
      `[eval] ddc seed ${seed} epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} (${e.seconds.toFixed(0)} s)`,
    ),
});
const assignments = Array.from(model.predict(data));
const history = model.history;
model.dispose();
await writeFile(
  out,
  JSON.stringify({
    seed,
    seconds: (performance.now() - started) / 1000,
    loss: history[history.length - 1].loss,
    history,
    assignments,
  }),
);

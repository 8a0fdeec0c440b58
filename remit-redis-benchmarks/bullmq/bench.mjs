// BullMQ beside remit-redis's job queue: the same measurements as QueueBenchmark and QueueEndToEndBenchmark.
//
//   node bench.mjs --port=P [--host=127.0.0.1] [--jobs=5000] [--concurrency=1,8] [--count-jobs=1000]
//                  [--warmups=2] [--batches=3] [--enqueue-warmup=1000]
//
// Run by run-queue-comparison.sh, which installs bullmq into a temporary directory and copies this file there.
// Prints one JSON document on stdout (progress goes to stderr):
//  - enqueue: jobs/s of sequential Queue.add calls (one client, each awaited, as the JMH enqueue benchmark):
//    `enqueue-warmup` untimed adds, then `batches` timed runs of `jobs` adds, their mean;
//  - endToEnd[concurrency]: a batch of `jobs` jobs is added (not timed), then the timer runs from starting a
//    Worker with a no-op processor until the last job completed; one batch per warmup and per measured batch;
//  - commands per job from INFO commandstats before/after `count-jobs` jobs (enqueue, and enqueue + drain), and
//    client round trips told apart from commands run inside Lua scripts by MONITOR ("[db lua]" lines), which
//    runs only while counting, never while timing.
// Jobs are added with removeOnComplete: true, as remit-redis deletes a completed job by default.
import net from 'node:net';
import { Queue, Worker } from 'bullmq';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (!m) throw new Error(`expected --name=value, got ${a}`);
  return [m[1], m[2]];
}));
const host = args.host ?? '127.0.0.1';
const port = Number(args.port ?? NaN);
if (!Number.isInteger(port)) throw new Error('--port=P is required');
const jobs = Number(args.jobs ?? 5000);
const concurrencies = (args.concurrency ?? '1,8').split(',').map(Number);
const countJobs = Number(args['count-jobs'] ?? 1000);
const warmups = Number(args.warmups ?? 2);
const batches = Number(args.batches ?? 3);
const enqueueWarmup = Number(args['enqueue-warmup'] ?? 1000);
const connection = { host, port, maxRetriesPerRequest: null };
const payload = { transferId: 'T-2026-000042', amountMinor: 125000, sourceCurrency: 'GBP', targetCurrency: 'PHP' };
const jobOptions = { removeOnComplete: true };
const log = (...m) => console.error('[bullmq]', ...m);

// ------------------------------------------------------------------ raw RESP helpers (INFO, FLUSHALL, MONITOR)

function command(...argv) {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`;
  return out;
}

/** Sends one command on a fresh connection and resolves with the raw reply text. */
function call(...argv) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    let data = '';
    s.on('data', (d) => {
      data += d.toString('latin1');
      const m = /^\$(\d+)\r\n/.exec(data);
      if ((m && data.length >= m[0].length + Number(m[1]) + 2) || (!m && data.endsWith('\r\n') && data[0] !== '$')) {
        s.end();
        resolve(m ? data.substr(m[0].length, Number(m[1])) : data.trim());
      }
    });
    s.on('error', reject);
    s.write(command(...argv));
  });
}

async function commandstats() {
  const stats = {};
  for (const line of (await call('INFO', 'commandstats')).split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+).*rejected_calls=(\d+)/.exec(line);
    if (m) stats[m[1]] = Number(m[2]) + Number(m[3]);
  }
  return stats;
}

function delta(before, after, n) {
  const perJob = {};
  let total = 0;
  for (const [name, calls] of Object.entries(after)) {
    if (name === 'info' || name === 'monitor' || name === 'ping') continue; // the counters' own commands
    const d = calls - (before[name] ?? 0);
    if (d > 0) { perJob[name] = round(d / n); total += d; }
  }
  return { perJob: round(total / n), byCommand: perJob };
}

/** MONITOR: counts client commands and commands inside scripts until finish(). */
function monitor() {
  const marker = `remit-monitor-end-${process.pid}-${Date.now()}`;
  const client = {}, script = {};
  let buffer = '', ended;
  const done = new Promise((r) => { ended = r; });
  const s = net.connect(port, host);
  const ready = new Promise((r) => s.once('data', r));
  s.on('data', (d) => {
    buffer += d.toString('latin1');
    let nl;
    while ((nl = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      if (line.includes(marker)) { ended(); continue; }
      const m = /^\+\S+ \[([^\]]*)\] "([^"]+)"/.exec(line);
      if (!m) continue;
      const table = m[1].endsWith(' lua') ? script : client;
      const name = m[2].toLowerCase();
      table[name] = (table[name] ?? 0) + 1;
    }
  });
  s.write(command('MONITOR'));
  return {
    ready,
    async finish(n) {
      await call('PING', marker);
      await done;
      s.destroy();
      const sum = (t) => Object.values(t).reduce((a, b) => a + b, 0);
      const perJob = Object.fromEntries(Object.entries(client).map(([k, v]) => [k, round(v / n)]));
      return { roundTripsPerJob: round(sum(client) / n), scriptCommandsPerJob: round(sum(script) / n), byCommand: perJob };
    },
  };
}

const round = (x) => Math.round(x * 100) / 100;

// ------------------------------------------------------------------ measurements

async function addSequentially(queue, n) {
  for (let i = 0; i < n; i++) await queue.add('bench', payload, jobOptions);
}

async function fill(queue, n) {
  for (let i = 0; i < n; i += 500) {
    const chunk = Array.from({ length: Math.min(500, n - i) }, () => ({ name: 'bench', data: payload, opts: jobOptions }));
    await queue.addBulk(chunk);
  }
}

/** Starts a worker on a filled queue; resolves with the ms until `n` jobs completed, after the worker closed. */
async function drain(name, n, concurrency) {
  let completed = 0, allDone;
  const finished = new Promise((r) => { allDone = r; });
  const worker = new Worker(name, async () => {}, { connection, concurrency, autorun: false });
  worker.on('completed', () => { if (++completed === n) allDone(); });
  worker.on('error', (e) => log('worker error', e.message));
  await worker.waitUntilReady();
  const t0 = process.hrtime.bigint();
  worker.run();
  await finished;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await worker.close();
  return ms;
}

async function fresh(name) {
  await call('FLUSHALL');
  const queue = new Queue(name, { connection });
  await queue.waitUntilReady();
  return queue;
}

async function enqueueRate() {
  const queue = await fresh('bench-enqueue');
  await addSequentially(queue, enqueueWarmup);
  await call('FLUSHALL');
  const rates = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    await addSequentially(queue, jobs);
    const rate = jobs / (Number(process.hrtime.bigint() - t0) / 1e9);
    log(`enqueue batch ${b + 1}: ${Math.round(rate)} jobs/s`);
    rates.push(rate);
    await call('FLUSHALL'); // each batch starts from an empty server, as each JMH iteration does
  }
  const before = await commandstats();
  const mon = monitor();
  await mon.ready;
  await addSequentially(queue, countJobs);
  const trips = await mon.finish(countJobs);
  const commands = delta(before, await commandstats(), countJobs);
  await queue.close();
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return { jobsPerSecond: Math.round(mean), jobs, batches, commands, ...trips };
}

async function endToEnd(concurrency) {
  const name = `bench-e2e-${concurrency}`;
  const rates = [];
  for (let b = 0; b < warmups + batches; b++) {
    const queue = await fresh(name);
    await fill(queue, jobs);
    const ms = await drain(name, jobs, concurrency);
    await queue.close();
    const rate = jobs / (ms / 1000);
    log(`concurrency ${concurrency} batch ${b + 1}${b < warmups ? ' (warmup)' : ''}: ${Math.round(rate)} jobs/s`);
    if (b >= warmups) rates.push(rate);
  }
  // counting pass: enqueue `countJobs` one by one, then drain them, as QueueEndToEndBenchmark counts
  const queue = await fresh(name);
  const before = await commandstats();
  const mon = monitor();
  await mon.ready;
  await addSequentially(queue, countJobs);
  await drain(name, countJobs, concurrency);
  const trips = await mon.finish(countJobs);
  const commands = delta(before, await commandstats(), countJobs);
  await queue.close();
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return { concurrency, jobsPerSecond: Math.round(mean), batches: rates.map(Math.round), jobs, commands, ...trips };
}

const bullmqVersion = (await import('bullmq/package.json', { with: { type: 'json' } })).default.version;
const redisVersion = /redis_version:(\S+)/.exec(await call('INFO', 'server'))[1];
const result = { peer: 'bullmq', bullmqVersion, redisVersion, node: process.version, enqueue: await enqueueRate(), endToEnd: [] };
log(`enqueue: ${result.enqueue.jobsPerSecond} jobs/s`);
for (const c of concurrencies) result.endToEnd.push(await endToEnd(c));
console.log(JSON.stringify(result, null, 2));
process.exit(0);

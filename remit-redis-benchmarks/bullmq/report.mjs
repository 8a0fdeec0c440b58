// Prints remit-redis, Redisson and BullMQ side by side (markdown), for run-queue-comparison.sh:
//   node report.mjs <jmh-result.json> <jmh-output.log> <bullmq.json>
// Throughput comes from JMH's JSON (enqueue ops/s; end-to-end microseconds per job, turned into jobs/s) and from
// bench.mjs; commands per job from the "Redis commands for" (INFO commandstats) and "QUEUE-ROUND-TRIPS" (MONITOR)
// lines the benchmarks print, and from bench.mjs's own counts.
import { readFileSync } from 'node:fs';

const [jmhFile, logFile, bullFile] = process.argv.slice(2);
const jmh = JSON.parse(readFileSync(jmhFile, 'utf8'));
const log = readFileSync(logFile, 'utf8');
const bull = JSON.parse(readFileSync(bullFile, 'utf8'));

const method = (r) => r.benchmark.slice(r.benchmark.lastIndexOf('.') + 1);
const score = (name, workers) => jmh.find((r) => method(r) === name && (workers === undefined || r.params?.workers === String(workers)));

function counted(key) {
  const trips = new RegExp(`QUEUE-ROUND-TRIPS ${escape(key)} roundTripsPerJob=(\\S+) scriptCommandsPerJob=(\\S+)`).exec(log);
  const total = new RegExp(`Redis commands for \\S*${escape(key)}: (\\S+) commands/op`).exec(log);
  return { trips: trips ? trips[1] : 'n/a', script: trips ? trips[2] : 'n/a', total: total ? total[1] : 'n/a' };
}
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function javaEnqueue(name) {
  const r = score(name);
  const c = counted(`QueueBenchmark.${name}`);
  return { rate: r ? Math.round(r.primaryMetric.score) : 'n/a', ...c };
}

function javaEndToEnd(name, workers) {
  const r = score(name, workers);
  const c = counted(`QueueEndToEndBenchmark.${name}{workers=${workers}}`);
  return { rate: r ? Math.round(1e6 / r.primaryMetric.score) : 'n/a', ...c };
}

function bullmq(part) {
  return { rate: part.jobsPerSecond, trips: part.roundTripsPerJob, script: part.scriptCommandsPerJob, total: part.commands.perJob };
}

const rows = [['Enqueue (1 client, sequential)', javaEnqueue('remitEnqueue'), javaEnqueue('redissonOffer'), bullmq(bull.enqueue)]];
for (const e of bull.endToEnd) {
  rows.push([`End to end, ${e.concurrency} worker thread(s)`, javaEndToEnd('remitEndToEnd', e.concurrency),
    javaEndToEnd('redissonEndToEnd', e.concurrency), bullmq(e)]);
}
// remit-redis with the opt-in prefetch (JobWorkerOptions.prefetch), beside the same peers' figures again.
for (const e of bull.endToEnd) {
  if (score('remitEndToEndPrefetch', e.concurrency)) {
    rows.push([`End to end, ${e.concurrency} worker thread(s), remit-redis with prefetch 8 (opt-in)`,
      javaEndToEnd('remitEndToEndPrefetch', e.concurrency), javaEndToEnd('redissonEndToEnd', e.concurrency), bullmq(e)]);
  }
}

const cell = (m) => `${m.rate} jobs/s; ${m.trips} round trips, ${m.total} commands/job`;
console.log(`Redis ${bull.redisVersion}, BullMQ ${bull.bullmqVersion} on Node ${bull.node}; ${bull.enqueue.jobs} jobs per batch.`);
console.log('Round trips: client commands seen by MONITOR; commands: INFO commandstats, script commands included.');
console.log('End to end counts cover enqueue + fetch + complete of each job.\n');
console.log('| Measurement | remit-redis | Redisson RPriorityBlockingQueue | BullMQ |');
console.log('|---|---|---|---|');
for (const [label, ours, redisson, theirs] of rows) {
  console.log(`| ${label} | ${cell(ours)} | ${cell(redisson)} | ${cell(theirs)} |`);
}

package com.globalremit.redis.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.globalremit.redis.connection.CommandConnection;

/**
 * Runs the jobs of one {@link RedisJobQueue} on {@code concurrency} threads.
 *
 * <ul>
 * <li>Each thread loops: fetch, handle, complete-and-fetch-next (one round trip), so a busy thread needs one
 * command per job.</li>
 * <li>With {@link JobWorkerOptions#prefetch()} above 1, a thread fetches that many jobs in one round trip, runs
 * them in turn and sends each completion without waiting for it; unstarted jobs are released when it stops.</li>
 * <li>An idle thread blocks with {@code BZPOPMIN} on the queue's wake-up marker, on its own dedicated connection: an
 * enqueue wakes it at once, and it never polls.</li>
 * <li>One scheduler thread renews the leases of all running jobs in one round trip per interval.</li>
 * <li>{@link #close()} stops fetching, lets running jobs finish up to the shutdown timeout and leaves the rest to
 * lease recovery: nothing is lost. A wake-up signal a stopping thread took is raised again for the other workers.</li>
 * </ul>
 */
public final class JobWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final RedisJobQueue queue;
    private final JobHandler handler;
    private final JobWorkerOptions options;
    /** Jobs this worker holds a lease on (running, fetched and waiting their turn, or being completed). */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    /** Jobs whose completion was sent and not yet confirmed: a lost lease reported for them is no news. */
    private final Set<String> settling = ConcurrentHashMap.newKeySet();
    /**
     * Prefetched jobs waiting their turn in a thread's batch: when their lease was last known to hold, and whether
     * a renewal reported it lost. Checked before each such job starts, so a job another worker has taken over is
     * dropped instead of run a second time.
     */
    private final Map<String, WaitingLease> waiting = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<CommandConnection<byte[]>> blockingConnections = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;
    private long renewMs;
    private volatile boolean running;
    private volatile boolean abandoned;

    public JobWorker(RedisJobQueue queue, JobHandler handler, JobWorkerOptions options) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        Duration lease = queue.options().leaseTime();
        if (options.renewInterval() != null && options.renewInterval().compareTo(lease) >= 0) {
            // Every lease would lapse before its first renewal: each job would stall and run again.
            throw new IllegalArgumentException("renewInterval must be shorter than the lease time of queue '"
                    + queue.name() + "' (" + lease + "), but was " + options.renewInterval());
        }
    }

    /** Creates and starts a worker. */
    public static JobWorker start(RedisJobQueue queue, JobHandler handler, JobWorkerOptions options) {
        JobWorker worker = new JobWorker(queue, handler, options);
        worker.start();
        return worker;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        abandoned = false;
        long lease = queue.options().leaseTime().toMillis();
        renewMs = options.renewInterval() != null ? options.renewInterval().toMillis() : Math.max(10, lease / 3);
        renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "remit-queue-" + queue.name() + "-renew"));
        renewer.scheduleWithFixedDelay(this::renewLeases, renewMs, renewMs, TimeUnit.MILLISECONDS);
        threads.clear();
        for (int i = 0; i < options.concurrency(); i++) {
            Runnable loop = options.prefetch() > 1 ? this::runPrefetchLoop : this::runLoop;
            Thread t = daemon(loop, "remit-queue-" + queue.name() + "-" + i);
            threads.add(t);
            t.start();
        }
    }

    public boolean isRunning() {
        return running;
    }

    public RedisJobQueue queue() {
        return queue;
    }

    public JobWorkerOptions options() {
        return options;
    }

    /** Jobs this worker holds: running, and with prefetch also fetched and waiting their turn or being completed. */
    public int activeCount() {
        return inFlight.size();
    }

    /** Graceful stop with the configured shutdown timeout. */
    @Override
    public void close() {
        stop(options.shutdownTimeout());
    }

    /**
     * Stops fetching, waits up to {@code timeout} for running jobs to finish, then abandons the rest: they are not
     * settled, their leases lapse and another worker runs them again.
     */
    public synchronized void stop(Duration timeout) {
        if (!running) {
            return;
        }
        running = false;
        // Closing a dedicated connection ends its BZPOPMIN at once, so idle threads exit without waiting.
        blockingConnections.forEach(c -> {
            try {
                if (c.isOpen()) {
                    c.close();
                }
            } catch (RuntimeException e) {
                log.debug("Closing blocking connection failed", e);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            abandoned = true;
            log.warn("Queue {}: {} job(s) still running after the shutdown timeout of {}; left to lease recovery",
                    queue.name(), inFlight.size(), timeout);
            threads.forEach(Thread::interrupt);
        }
        renewer.shutdownNow();
        blockingConnections.clear();
        passOnWakeUp();
    }

    /**
     * Redis pops the wake-up signal for the longest-waiting {@code BZPOPMIN}. If that was one of ours just as it
     * stopped, the thread exits without fetching (or its reply died with the closed connection), and a job would
     * wait for another idle worker's next poll. So, once our threads are gone, raise the signal again if work is
     * waiting: {@link RedisJobQueue#maintain()} does that in one round trip (and re-arms the due-time signal).
     * Our blocking connections are closed by now, so none of our threads can take it again.
     */
    private void passOnWakeUp() {
        try {
            queue.maintain();
        } catch (RuntimeException e) {
            log.debug("Queue {}: could not re-signal waiting work on shutdown: {}", queue.name(), e.toString());
        }
    }

    private void runLoop() {
        String worker = options.workerId();
        CommandConnection<byte[]> blocking = null;
        FetchResult next = null;
        try {
            while (running) {
                try {
                    if (next == null) {
                        next = queue.fetch(worker);
                    }
                    if (!next.hasJob()) {
                        if (blocking == null) {
                            blocking = openBlocking();
                        }
                        waitForWork(blocking, next.nextDueInMs());
                        next = null;
                        continue;
                    }
                    next = runJob(next.job(), worker);
                } catch (RuntimeException e) {
                    next = null;
                    if (!running) {
                        break;
                    }
                    blocking = afterLoopError(e, blocking);
                }
            }
        } finally {
            if (next != null && next.hasJob()) {
                // stop() landed while the complete-and-fetch-next round trip was on its way: the job it brought
                // is not run, so hand it back now instead of leaving it to wait out its lease as a stall.
                release(List.of(next.job()));
            }
            closeBlocking(blocking);
        }
    }

    /** Logs a loop error, drops a blocking connection that died with it, and pauses before the next try. */
    private CommandConnection<byte[]> afterLoopError(RuntimeException e, CommandConnection<byte[]> blocking) {
        log.warn("Queue {}: worker loop error, retrying in 1s: {}", queue.name(), e.toString());
        CommandConnection<byte[]> kept = blocking;
        if (blocking != null && !blocking.isOpen()) {
            blockingConnections.remove(blocking);
            kept = null;
        }
        sleepQuietly(1000);
        return kept;
    }

    private void closeBlocking(CommandConnection<byte[]> blocking) {
        if (blocking != null) {
            blockingConnections.remove(blocking);
            if (blocking.isOpen()) {
                blocking.close();
            }
        }
    }

    private FetchResult runJob(Job job, String worker) {
        inFlight.put(job.id(), job.attempts());
        long start = System.nanoTime();
        Throwable error = handle(job);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        try {
            if (abandoned) {
                return null; // shutdown timed out: lease recovery runs it again
            }
            Settlement s = settle(job, worker, error, start, running);
            if (s == null) {
                return null;
            }
            report(job, s.outcome(), error, took);
            return s.next();
        } finally {
            inFlight.remove(job.id());
        }
    }

    /**
     * The loop of a thread that prefetches ({@link JobWorkerOptions#prefetch()} above 1): one fetch of up to that
     * many jobs, then each job in turn, its completion sent without waiting. The fetched jobs are in
     * {@link #inFlight} from the fetch on, so their leases are renewed while they wait their turn; on the way out
     * the unstarted ones are released and the completions still on their way are awaited.
     */
    private void runPrefetchLoop() {
        String worker = options.workerId();
        Deque<Job> fetched = new ArrayDeque<>();
        AsyncCompletions completions = new AsyncCompletions(worker);
        CommandConnection<byte[]> blocking = null;
        try {
            while (running) {
                try {
                    if (fetched.isEmpty()) {
                        completions.retryFailed();
                        long fetchedAt = System.nanoTime();
                        FetchBatch batch = queue.fetch(worker, options.prefetch());
                        if (batch.jobs().isEmpty()) {
                            if (blocking == null) {
                                blocking = openBlocking();
                            }
                            waitForWork(blocking, batch.nextDueInMs());
                            continue;
                        }
                        batch.jobs().forEach(j -> {
                            waiting.put(j.id(), new WaitingLease(j.attempts(), fetchedAt));
                            inFlight.put(j.id(), j.attempts());
                        });
                        fetched.addAll(batch.jobs());
                    }
                    Job job = fetched.peek();
                    boolean held = leaseHeld(job, fetched); // may throw (Redis unreachable): it stays first in line
                    fetched.poll();
                    forgetWaiting(job);
                    if (held) {
                        runFetched(job, worker, completions);
                    } else {
                        inFlight.remove(job.id(), job.attempts()); // not a later attempt another thread holds
                        log.warn("Queue {}: dropped prefetched job {} before it started: its lease was lost and"
                                + " another worker runs it", queue.name(), job.id());
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    blocking = afterLoopError(e, blocking);
                }
            }
        } finally {
            release(fetched);
            completions.awaitAll();
            closeBlocking(blocking);
        }
    }

    /**
     * Whether this worker still holds the lease of a prefetched job about to start. No round trip while renewals
     * confirm it in time; one renewal of this job when the last confirmation is old enough for the lease to lapse
     * before the next scheduled renewal (the worker was paused, or cut off from Redis). That renewal covers the
     * whole rest of the thread's batch ({@code job} first), so a batch that waited too long costs one round trip.
     */
    private boolean leaseHeld(Job job, Deque<Job> batch) {
        WaitingLease w = ownLease(job);
        if (w != null && w.lost) {
            return false;
        }
        long checkAfter = queue.options().leaseTime().toNanos() - TimeUnit.MILLISECONDS.toNanos(renewMs);
        long asked = System.nanoTime();
        if (w != null && asked - w.confirmedAt <= checkAfter) {
            return true;
        }
        Map<String, Long> attempts = new HashMap<>();
        batch.forEach(j -> attempts.put(j.id(), j.attempts()));
        Set<String> lost = queue.renew(attempts);
        recordRenewal(attempts, lost, asked);
        return !lost.contains(job.id());
    }

    /**
     * Applies a renewal of {@code renewed} (id to attempt), asked at {@code asked}, to the waiting prefetched jobs
     * among them: marks the lost ones, and moves the others' confirmation forward (never back: the renewer and the
     * thread may report out of order).
     */
    private void recordRenewal(Map<String, Long> renewed, Set<String> lost, long asked) {
        renewed.forEach((id, attempt) -> {
            WaitingLease w = waiting.get(id);
            if (w != null && w.attempts == attempt) {
                if (lost.contains(id)) {
                    w.lost = true;
                } else if (asked - w.confirmedAt > 0) {
                    w.confirmedAt = asked;
                }
            }
        });
    }

    /** Forgets the waiting entry of this attempt of {@code job} (a later attempt another thread holds stays). */
    private void forgetWaiting(Job job) {
        waiting.computeIfPresent(job.id(), (id, w) -> w.attempts == job.attempts() ? null : w);
    }

    /** The waiting lease of this attempt of {@code job}, or null (another thread holds a later attempt of it). */
    private WaitingLease ownLease(Job job) {
        WaitingLease w = waiting.get(job.id());
        return w != null && w.attempts == job.attempts() ? w : null;
    }

    /** A prefetched job's lease while it waits its turn; written by the renewer, read by the thread. */
    private static final class WaitingLease {

        final long attempts;
        volatile long confirmedAt;
        volatile boolean lost;

        WaitingLease(long attempts, long confirmedAt) {
            this.attempts = attempts;
            this.confirmedAt = confirmedAt;
        }
    }

    private void runFetched(Job job, String worker, AsyncCompletions completions) {
        long start = System.nanoTime();
        Throwable error = handle(job);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (abandoned) {
            inFlight.remove(job.id()); // shutdown timed out: lease recovery runs it again
            return;
        }
        if (error == null) {
            completions.send(job, took);
            return;
        }
        try {
            Settlement s = settle(job, worker, error, start, false);
            if (s != null) {
                report(job, s.outcome(), error, took);
            }
        } finally {
            inFlight.remove(job.id());
        }
    }

    /** Hands unstarted jobs back to the queue at once (else they would wait for their leases to lapse). */
    private void release(Collection<Job> unstarted) {
        if (unstarted.isEmpty()) {
            return;
        }
        Map<String, Long> attempts = new HashMap<>();
        unstarted.forEach(j -> {
            attempts.put(j.id(), j.attempts());
            inFlight.remove(j.id(), j.attempts());
            forgetWaiting(j);
        });
        // After a shutdown timeout this thread is interrupted, and Lettuce refuses to wait while the flag is set;
        // the release is one short round trip, worth making even then.
        boolean interrupted = Thread.interrupted();
        try {
            long released = queue.release(attempts);
            log.debug("Queue {}: released {} of {} unstarted job(s)", queue.name(), released, attempts.size());
        } catch (RuntimeException e) {
            log.warn("Queue {}: could not release {} unstarted job(s) ({}); they return when their leases lapse",
                    queue.name(), attempts.size(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Throwable handle(Job job) {
        try {
            handler.handle(job);
            return null;
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return t;
        }
    }

    private void report(Job job, Settlement.Outcome outcome, Throwable error, Duration took) {
        if (outcome == Settlement.Outcome.COMPLETED) {
            queue.fire(l -> l.completed(queue.name(), job.type(), took));
        } else if (outcome == Settlement.Outcome.LEASE_LOST) {
            log.warn("Queue {}: job {} finished after its lease was lost; its result was not recorded",
                    queue.name(), job.id());
        } else {
            queue.fire(l -> l.failed(queue.name(), job.type(), took));
            // The class only (and where a payload failed to map): messages may quote payload data; the job's
            // lastError keeps what operators need.
            log.info("Queue {}: job {} of type {} failed ({}): {}", queue.name(), job.id(), job.type(), outcome,
                    ErrorSummary.logged(error));
        }
    }

    /** Settles the attempt, retrying while Redis is unreachable for up to one lease time (then recovery takes it). */
    private Settlement settle(Job job, String worker, Throwable error, long startNanos, boolean fetchNext) {
        long leaseNanos = queue.options().leaseTime().toNanos();
        while (true) {
            try {
                return error == null ? queue.complete(job, worker, fetchNext && running)
                        : queue.fail(job, worker, error, fetchNext && running);
            } catch (RuntimeException e) {
                if (abandoned || System.nanoTime() - startNanos > leaseNanos * 2) {
                    log.warn("Queue {}: could not settle job {} ({}); lease recovery will run it again",
                            queue.name(), job.id(), e.toString());
                    return null;
                }
                sleepQuietly(200);
            }
        }
    }

    /**
     * One prefetching thread's completions sent without waiting. A job stays in {@link #inFlight} (its lease
     * renewed) until Redis confirms; one whose completion failed (Redis unreachable) is completed again, waiting,
     * before the thread's next fetch and before it exits, so a completed job is not run twice for want of a retry.
     */
    private final class AsyncCompletions {

        private final String worker;
        private final AtomicInteger outstanding = new AtomicInteger();
        private final Queue<Job> failed = new ConcurrentLinkedQueue<>();

        AsyncCompletions(String worker) {
            this.worker = worker;
        }

        void send(Job job, Duration took) {
            settling.add(job.id());
            outstanding.incrementAndGet();
            CompletionStage<Settlement.Outcome> stage;
            try {
                stage = queue.completeAsync(job, worker);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((outcome, error) -> {
                try {
                    if (error != null) {
                        failed.add(job);
                    } else {
                        inFlight.remove(job.id());
                        report(job, outcome, null, took);
                    }
                } finally {
                    settling.remove(job.id());
                    outstanding.decrementAndGet();
                }
            });
        }

        void retryFailed() {
            for (Job job = failed.poll(); job != null; job = failed.poll()) {
                try {
                    Settlement s = settle(job, worker, null, System.nanoTime(), false);
                    if (s != null) {
                        report(job, s.outcome(), null, Duration.ZERO);
                    }
                } finally {
                    inFlight.remove(job.id());
                }
            }
        }

        /** Waits (up to one lease time; less when interrupted) for the replies still out, then retries failures. */
        void awaitAll() {
            long deadline = System.nanoTime() + queue.options().leaseTime().toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (!abandoned) {
                retryFailed();
            }
        }
    }

    private CommandConnection<byte[]> openBlocking() {
        CommandConnection<byte[]> c = queue.client().connectDedicated();
        c.setCommandTimeout(options.maxIdleWait().plusSeconds(5));
        blockingConnections.add(c);
        if (!running) { // stop() ran while we were connecting
            blockingConnections.remove(c);
            c.close();
            throw new IllegalStateException("stopped");
        }
        return c;
    }

    private void waitForWork(CommandConnection<byte[]> blocking, long nextDueInMs) {
        long waitMs = options.maxIdleWait().toMillis();
        if (nextDueInMs >= 0) {
            waitMs = Math.max(1, Math.min(waitMs, nextDueInMs));
        }
        // BZPOPMIN takes seconds with decimals (Redis 6+); 0 would mean forever.
        blocking.sync().bzpopmin(Math.max(0.001, waitMs / 1000.0), queue.markerKey());
    }

    private void renewLeases() {
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            long asked = System.nanoTime();
            Map<String, Long> held = Map.copyOf(inFlight);
            Set<String> lost = queue.renew(held);
            recordRenewal(held, lost, asked);
            // Ignore jobs whose completion is on its way or done: settling first, then inFlight, the reverse of the
            // order in which a confirmed completion leaves them, so no job can slip between the two checks.
            lost.removeAll(settling);
            lost.retainAll(inFlight.keySet());
            lost.removeAll(waiting.keySet()); // not started: dropped before they start
            if (!lost.isEmpty()) {
                log.warn("Queue {}: lost the lease of {} running job(s) {}; they may run twice", queue.name(),
                        lost.size(), lost);
            }
        } catch (RuntimeException e) {
            log.warn("Queue {}: lease renewal failed: {}", queue.name(), e.toString());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "JobWorker[" + queue.name() + ", " + options.workerId() + ", concurrency " + options.concurrency() + "]";
    }
}

package com.globalremit.redis.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.globalremit.redis.connection.CommandConnection;

/**
 * Runs the jobs of one {@link RedisJobQueue} on {@code concurrency} threads.
 *
 * <ul>
 * <li>Each thread loops: fetch, handle, complete-and-fetch-next (one round trip), so a busy thread needs one
 * command per job.</li>
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
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<CommandConnection<byte[]>> blockingConnections = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;
    private volatile boolean running;
    private volatile boolean abandoned;

    public JobWorker(RedisJobQueue queue, JobHandler handler, JobWorkerOptions options) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
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
        long renewMs = options.renewInterval() != null ? options.renewInterval().toMillis() : Math.max(10, lease / 3);
        renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "remit-queue-" + queue.name() + "-renew"));
        renewer.scheduleWithFixedDelay(this::renewLeases, renewMs, renewMs, TimeUnit.MILLISECONDS);
        threads.clear();
        for (int i = 0; i < options.concurrency(); i++) {
            Thread t = daemon(this::runLoop, "remit-queue-" + queue.name() + "-" + i);
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

    /** Jobs running right now. */
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
                    log.warn("Queue {}: worker loop error, retrying in 1s: {}", queue.name(), e.toString());
                    if (blocking != null && !blocking.isOpen()) {
                        blockingConnections.remove(blocking);
                        blocking = null;
                    }
                    sleepQuietly(1000);
                }
            }
        } finally {
            if (blocking != null) {
                blockingConnections.remove(blocking);
                if (blocking.isOpen()) {
                    blocking.close();
                }
            }
        }
    }

    private FetchResult runJob(Job job, String worker) {
        inFlight.put(job.id(), job.attempts());
        long start = System.nanoTime();
        Throwable error = null;
        try {
            handler.handle(job);
        } catch (Throwable t) {
            error = t;
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        try {
            if (abandoned) {
                return null; // shutdown timed out: lease recovery runs it again
            }
            Settlement s = settle(job, worker, error, start);
            if (s == null) {
                return null;
            }
            Throwable e = error;
            if (s.outcome() == Settlement.Outcome.COMPLETED) {
                queue.fire(l -> l.completed(queue.name(), job.type(), took));
            } else if (s.outcome() == Settlement.Outcome.LEASE_LOST) {
                log.warn("Queue {}: job {} finished after its lease was lost; its result was not recorded",
                        queue.name(), job.id());
            } else {
                queue.fire(l -> l.failed(queue.name(), job.type(), took));
                log.info("Queue {}: job {} of type {} failed ({}): {}", queue.name(), job.id(), job.type(),
                        s.outcome(), RedisJobQueue.summary(e));
            }
            return s.next();
        } finally {
            inFlight.remove(job.id());
        }
    }

    /** Settles the attempt, retrying while Redis is unreachable for up to one lease time (then recovery takes it). */
    private Settlement settle(Job job, String worker, Throwable error, long startNanos) {
        long leaseNanos = queue.options().leaseTime().toNanos();
        while (true) {
            boolean fetchNext = running;
            try {
                return error == null ? queue.complete(job, worker, fetchNext)
                        : queue.fail(job, worker, error, fetchNext);
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
            Set<String> lost = queue.renew(Map.copyOf(inFlight));
            lost.retainAll(inFlight.keySet()); // ignore jobs that finished meanwhile
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

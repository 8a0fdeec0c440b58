package com.globalremit.redis.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Splits the commands Redis runs into client round trips and commands run inside scripts, which
 * {@code INFO commandstats} (and so {@link RedisCommandCounter}) cannot tell apart: a queue built on scripts
 * shows many {@code ZADD}s there, whether they cost a network round trip each or none.
 *
 * <p>It reads {@code MONITOR}, where Redis tags script commands with {@code [db lua]} and client commands with the
 * client's address. MONITOR slows Redis down, so it only runs while commands are counted, never while timed.
 * The run ends with a {@code PING} carrying a random marker: once the marker arrives every earlier command has.
 */
final class QueueRoundTrips implements AutoCloseable {

    /** Lines of this prefix are what run-queue-comparison.sh reads from the benchmark log. */
    static final String LOG_PREFIX = "QUEUE-ROUND-TRIPS";

    private final String host;
    private final int port;
    private final Socket monitor;
    private final String endMarker = "remit-monitor-end-" + UUID.randomUUID();
    private final Map<String, Long> client = new TreeMap<>();
    private final Map<String, Long> script = new TreeMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private QueueRoundTrips(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.monitor = new Socket(host, port);
        monitor.setTcpNoDelay(true);
        BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(),
                StandardCharsets.ISO_8859_1));
        send(monitor.getOutputStream(), "MONITOR");
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            monitor.close();
            throw new IOException("MONITOR refused: " + ok);
        }
        Thread reader = new Thread(() -> read(in), "queue-round-trips");
        reader.setDaemon(true);
        reader.start();
    }

    static QueueRoundTrips start(String host, int port) throws IOException {
        return new QueueRoundTrips(host, port);
    }

    private void read(BufferedReader in) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(endMarker)) {
                    ended.countDown();
                    return;
                }
                count(line);
            }
        } catch (IOException e) {
            // socket closed by close(): the counts so far stand
        } finally {
            ended.countDown();
        }
    }

    /** {@code +1700000000.123456 [0 127.0.0.1:40122] "evalsha" "..."}, or {@code [0 lua]} inside a script. */
    private synchronized void count(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        int quote = line.indexOf('"', close + 1);
        int endQuote = line.indexOf('"', quote + 1);
        if (open < 0 || close < 0 || quote < 0 || endQuote < 0) {
            return;
        }
        String command = line.substring(quote + 1, endQuote).toLowerCase(Locale.ROOT);
        boolean inScript = line.substring(open + 1, close).endsWith(" lua");
        (inScript ? script : client).merge(command, 1L, Long::sum);
    }

    /** Waits until every command sent before this call has been read, then stops monitoring. */
    Counts finish() throws Exception {
        try (Socket s = new Socket(host, port)) {
            send(s.getOutputStream(), "PING", endMarker);
            s.getInputStream().read(new byte[64]);
        }
        if (!ended.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("MONITOR did not deliver the end marker");
        }
        close();
        synchronized (this) {
            return new Counts(new TreeMap<>(client), new TreeMap<>(script));
        }
    }

    @Override
    public void close() throws IOException {
        monitor.close();
    }

    private static void send(OutputStream out, String... args) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Commands by name: sent by clients (round trips) and run inside scripts. */
    record Counts(Map<String, Long> client, Map<String, Long> script) {

        long clientTotal() {
            return client.values().stream().mapToLong(Long::longValue).sum();
        }

        long scriptTotal() {
            return script.values().stream().mapToLong(Long::longValue).sum();
        }

        /** One parseable line: per job figures over {@code jobs} jobs. */
        String line(String key, long jobs) {
            StringBuilder perCommand = new StringBuilder();
            client.forEach((c, n) -> perCommand.append(perCommand.length() == 0 ? "" : ", ").append(c).append('=')
                    .append(CommandCounts.format((double) n / jobs)));
            return String.format(Locale.ROOT, "%s %s roundTripsPerJob=%s scriptCommandsPerJob=%s jobs=%d (%s)",
                    LOG_PREFIX, key, CommandCounts.format((double) clientTotal() / jobs),
                    CommandCounts.format((double) scriptTotal() / jobs), jobs, perCommand);
        }
    }
}

package com.globalremit.redis.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived helper command (redis-server --version, keytool, kill -STOP) and captures its output. */
final class CommandRunner {

    /** Exit code and combined stdout/stderr of a finished command. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private CommandRunner() {
    }

    /**
     * Runs the command and waits at most {@code timeoutSeconds}; a command that hangs is killed and
     * reported with exit code -1, so a broken binary can never hang the test JVM.
     */
    static Result run(List<String> command, long timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-2, e.getMessage());
        }
        try {
            process.getOutputStream().close();
            // Read on this thread after the wait would deadlock on a full pipe, so drain concurrently.
            StringBuilder output = new StringBuilder();
            Thread drain = new Thread(() -> {
                String text = readAll(process.getInputStream());
                synchronized (output) {
                    output.append(text);
                }
            }, "command-output");
            drain.setDaemon(true);
            drain.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
            drain.join(2000);
            synchronized (output) {
                return new Result(finished ? process.exitValue() : -1, output.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

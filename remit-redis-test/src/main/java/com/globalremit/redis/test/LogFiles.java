package com.globalremit.redis.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a log file without loading a long-running server's whole log. */
final class LogFiles {

    private static final int MAX_BYTES = 256 * 1024;

    private LogFiles() {
    }

    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file) || lines <= 0) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            return lastLines(new String(bytes, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String lastLines(String text, int lines) {
        List<String> all = Arrays.asList(text.split("\\R"));
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        return String.join("\n", last);
    }
}

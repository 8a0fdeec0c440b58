package com.globalremit.redis.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Hands the commands-per-operation figures from the forked benchmark JVM back to {@link BenchmarkMain}:
 * one properties file per benchmark (and parameter combination) in a directory the runner names with
 * {@value RedisBenchmarkState#COMMANDS_DIR_PROPERTY}.
 */
public final class CommandCountsStore {

    private static final String COMMAND_PREFIX = "command.";

    private CommandCountsStore() {
    }

    /**
     * Figures of one benchmark.
     *
     * @param key          {@link #key(String, Map)} of the benchmark
     * @param counts       commands seen while the operation ran {@code counts.operations()} times
     * @param redisVersion {@code redis_version} of the server the benchmark ran against
     */
    public record Entry(String key, CommandCounts counts, String redisVersion) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(counts, "counts");
            redisVersion = redisVersion == null ? "unknown" : redisVersion;
        }
    }

    /**
     * Identifies a benchmark run: its full name ({@code com.x.RawLettuceBenchmark.get}) plus its
     * {@code @Param} values, e.g. {@code com.x.FooBenchmark.get{size=10,codec=json}} (params in key order).
     */
    public static String key(String benchmark, Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return benchmark;
        }
        StringBuilder key = new StringBuilder(benchmark).append('{');
        String sep = "";
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            key.append(sep).append(param.getKey()).append('=').append(param.getValue());
            sep = ",";
        }
        return key.append('}').toString();
    }

    public static Path write(Path dir, Entry entry) throws IOException {
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("key", entry.key());
        props.setProperty("operations", Long.toString(entry.counts().operations()));
        props.setProperty("redisVersion", entry.redisVersion());
        entry.counts().perCommand().forEach((name, calls) -> props.setProperty(COMMAND_PREFIX + name, calls.toString()));
        Path file = dir.resolve(entry.key().replaceAll("[^A-Za-z0-9._=-]", "_") + "-" + Integer.toHexString(entry.key().hashCode()) + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "Redis commands counted by " + RedisCommandCounter.class.getSimpleName());
        }
        return file;
    }

    /** All entries in {@code dir} by key; empty if the directory does not exist. */
    public static Map<String, Entry> readAll(Path dir) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : files) {
                Entry entry = read(file);
                entries.put(entry.key(), entry);
            }
        }
        return entries;
    }

    static Entry read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<String, Long> perCommand = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(COMMAND_PREFIX)) {
                perCommand.put(name.substring(COMMAND_PREFIX.length()), Long.parseLong(props.getProperty(name)));
            }
        }
        return new Entry(props.getProperty("key"),
                new CommandCounts(perCommand, Long.parseLong(props.getProperty("operations", "0"))),
                props.getProperty("redisVersion"));
    }

    /** The distinct Redis versions of the entries, comma separated ("unknown" when there are none). */
    public static String redisVersions(Collection<Entry> entries) {
        String versions = String.join(", ", entries.stream().map(Entry::redisVersion)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        return versions.isEmpty() ? "unknown" : versions;
    }
}

package com.globalremit.redis.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs the JMH benchmarks with short defaults fit for a 2-core machine and writes, into the output directory
 * ({@code docs/benchmarks} by default):
 * <ul>
 *   <li>{@code <name>-<date>.json}: JMH's JSON result;</li>
 *   <li>{@code <name>-<date>.commands.json}: Redis commands per operation of each benchmark;</li>
 *   <li>a section with a table in {@code README.md}.</li>
 * </ul>
 *
 * <pre>
 * java -jar remit-redis-benchmarks/target/benchmarks.jar [options] [include-regex ...]
 * </pre>
 *
 * Every option can also be given as a system property {@code -Dbench.<option>=value}; arguments win.
 */
public final class BenchmarkMain {

    static final String USAGE = """
            Usage: java -jar benchmarks.jar [options] [include-regex ...]
              include-regex              JMH benchmark regex (default: all), e.g. RawLettuce or 'RawLettuce.*get'
              --forks=N                  JMH forks (default 1)
              --warmup-iterations=N      (default 2)
              --warmup-time=T            per warmup iteration, e.g. 1s, 500ms (default 1s)
              --iterations=N             measurement iterations (default 3)
              --time=T                   per measurement iteration (default 2s)
              --threads=N                benchmark threads (default 1)
              --count-ops=N              operations over which Redis commands are counted (default 1000)
              --out=DIR                  output directory (default docs/benchmarks)
              --name=NAME                result file prefix (default: 'all', or derived from the regexes)
              --help
            Each option may also be set as -Dbench.<option>=value (e.g. -Dbench.forks=2).
            """;

    static final List<String> OPTIONS = List.of("forks", "warmup-iterations", "warmup-time", "iterations", "time",
            "threads", "count-ops", "out", "name");

    private BenchmarkMain() {
    }

    /** Parsed command line. */
    record Settings(List<String> includes, int forks, int warmupIterations, String warmupTime, int iterations,
            String time, int threads, long countOps, Path out, String name, boolean help) {

        static Settings parse(String[] args, Properties system) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String name : OPTIONS) {
                String value = system.getProperty("bench." + name);
                if (value != null) {
                    options.put(name, value);
                }
            }
            List<String> includes = new ArrayList<>();
            boolean help = false;
            for (String arg : args) {
                if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.startsWith("--")) {
                    int eq = arg.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("expected --option=value: " + arg + "\n" + USAGE);
                    }
                    String name = arg.substring(2, eq);
                    if (!OPTIONS.contains(name)) {
                        throw new IllegalArgumentException("unknown option: " + arg + "\n" + USAGE);
                    }
                    options.put(name, arg.substring(eq + 1));
                } else {
                    includes.add(arg);
                }
            }
            String name = options.getOrDefault("name",
                    includes.isEmpty() ? "all" : ResultsWriter.fileSafe(String.join("+", includes)));
            return new Settings(List.copyOf(includes),
                    positive(options, "forks", "1", true),
                    positive(options, "warmup-iterations", "2", true),
                    options.getOrDefault("warmup-time", "1s"),
                    positive(options, "iterations", "3", false),
                    options.getOrDefault("time", "2s"),
                    positive(options, "threads", "1", false),
                    positive(options, "count-ops", Long.toString(RedisBenchmarkState.DEFAULT_COUNT_OPS), false),
                    Path.of(options.getOrDefault("out", "docs/benchmarks")),
                    ResultsWriter.fileSafe(name),
                    help);
        }

        private static int positive(Map<String, String> options, String name, String dflt, boolean zeroAllowed) {
            String value = options.getOrDefault(name, dflt);
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number: " + value);
            }
            if (n < 0 || (n == 0 && !zeroAllowed)) {
                throw new IllegalArgumentException("--" + name + " out of range: " + value);
            }
            return n;
        }

        String description() {
            return String.format(Locale.ROOT, "%d fork(s), warmup %d x %s, measurement %d x %s, %d thread(s)",
                    forks, warmupIterations, warmupTime, iterations, time, threads);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.help()) {
            System.out.print(USAGE);
            return;
        }
        try {
            run(settings);
        } catch (RunnerException e) {
            // e.g. "No benchmarks to run; check the include/exclude regexps." or a failed benchmark
            Throwable cause = e;
            while (cause.getMessage() == null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("Benchmark run failed: " + cause);
            System.exit(1);
        }
    }

    static void run(Settings settings) throws Exception {
        String date = LocalDate.now().toString();
        String id = settings.name() + "-" + date;
        Path out = settings.out().toAbsolutePath().normalize();
        Files.createDirectories(out);
        Path jmhJson = out.resolve(id + ".json");
        Path commandsDir = Files.createTempDirectory("remit-bench-commands");
        try {
            String commandsDirProp = "-D" + RedisBenchmarkState.COMMANDS_DIR_PROPERTY + "=" + commandsDir;
            String countOpsProp = "-D" + RedisBenchmarkState.COUNT_OPS_PROPERTY + "=" + settings.countOps();
            // forks = 0 runs in this JVM
            System.setProperty(RedisBenchmarkState.COMMANDS_DIR_PROPERTY, commandsDir.toString());
            System.setProperty(RedisBenchmarkState.COUNT_OPS_PROPERTY, Long.toString(settings.countOps()));

            ChainedOptionsBuilder options = new OptionsBuilder()
                    .forks(settings.forks())
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.fromString(settings.warmupTime()))
                    .measurementIterations(settings.iterations())
                    .measurementTime(TimeValue.fromString(settings.time()))
                    .threads(settings.threads())
                    .jvmArgsAppend(commandsDirProp, countOpsProp)
                    .resultFormat(ResultFormatType.JSON)
                    .result(jmhJson.toString())
                    .shouldFailOnError(true);
            if (settings.includes().isEmpty()) {
                options.include(".*");
            }
            settings.includes().forEach(options::include);

            Collection<RunResult> results;
            try {
                results = new Runner(options.build()).run();
            } catch (RunnerException e) {
                deleteIfEmpty(jmhJson);
                throw e;
            }
            if (results.isEmpty()) {
                deleteIfEmpty(jmhJson);
                throw new IllegalStateException("No benchmark matched " + settings.includes());
            }

            Map<String, CommandCountsStore.Entry> counts = CommandCountsStore.readAll(commandsDir);
            List<ResultsWriter.Row> rows = rows(results, counts);
            ResultsWriter.RunInfo run = new ResultsWriter.RunInfo(id, date, jdk(), os(), cpuModel(),
                    Runtime.getRuntime().availableProcessors(), CommandCountsStore.redisVersions(counts.values()),
                    settings.description(), jmhJson.getFileName().toString());

            Path commandsJson = out.resolve(ResultsWriter.commandsFileName(jmhJson.getFileName().toString()));
            Files.writeString(commandsJson, ResultsWriter.commandsJson(run, rows), StandardCharsets.UTF_8);
            String section = ResultsWriter.section(run, rows);
            ResultsWriter.updateReadme(out.resolve("README.md"), id, section);

            System.out.println();
            System.out.println(section);
            System.out.println("Wrote " + jmhJson + ", " + commandsJson + " and " + out.resolve("README.md"));
        } finally {
            deleteRecursively(commandsDir);
        }
    }

    static List<ResultsWriter.Row> rows(Collection<RunResult> results, Map<String, CommandCountsStore.Entry> counts) {
        List<ResultsWriter.Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            Map<String, String> paramValues = new LinkedHashMap<>();
            for (String key : params.getParamsKeys()) {
                paramValues.put(key, params.getParam(key));
            }
            CommandCountsStore.Entry entry = counts.get(CommandCountsStore.key(params.getBenchmark(), paramValues));
            var primary = result.getPrimaryResult();
            rows.add(new ResultsWriter.Row(params.getBenchmark(), paramValues, params.getMode().shortLabel(),
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                    entry == null ? null : entry.counts()));
        }
        rows.sort(Comparator.comparing(ResultsWriter.Row::benchmark)
                .thenComparing(row -> row.params().toString()));
        return rows;
    }

    static String jdk() {
        return System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version", "?")) + " (" + System.getProperty("java.vendor", "?") + ")";
    }

    static String os() {
        return System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "") + " "
                + System.getProperty("os.arch", "");
    }

    /** The CPU model from /proc/cpuinfo on Linux, else null. */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** JMH creates the result file before it finds out that nothing matched. */
    private static void deleteIfEmpty(Path file) {
        try {
            if (Files.exists(file) && Files.size(file) == 0) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory: not worth failing the run for
        }
    }
}

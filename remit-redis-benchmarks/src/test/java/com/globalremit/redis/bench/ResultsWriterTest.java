package com.globalremit.redis.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** README/JSON writing, the counts hand-over file and argument parsing; no Redis, no JMH run. */
class ResultsWriterTest {

    private static final ResultsWriter.RunInfo RUN = new ResultsWriter.RunInfo("all-2026-01-02", "2026-01-02",
            "OpenJDK 64-Bit Server VM 17.0.15", "Linux 6 amd64", "Some CPU", 2, "7.0.15",
            "1 fork(s), warmup 2 x 1s, measurement 3 x 2s, 1 thread(s)", "all-2026-01-02.json");

    private static final List<ResultsWriter.Row> ROWS = List.of(
            new ResultsWriter.Row("com.globalremit.redis.bench.RawLettuceBenchmark.evalsha", Map.of(), "thrpt",
                    12345.678, 1234.5, "ops/s", new CommandCounts(Map.of("evalsha", 1000L, "get", 1000L), 1000)),
            new ResultsWriter.Row("com.globalremit.redis.bench.OtherBenchmark.put", Map.of("size", "10"), "thrpt",
                    42.123, Double.NaN, "ops/s", null));

    @Test
    void sectionHasEnvironmentAndTable() {
        String section = ResultsWriter.section(RUN, ROWS);

        assertThat(section).startsWith("<!-- run:all-2026-01-02 -->\n### all-2026-01-02\n")
                .contains("- JDK: OpenJDK 64-Bit Server VM 17.0.15")
                .contains("- Redis: 7.0.15")
                .contains("- Machine: 2 cores, Some CPU, Linux 6 amd64")
                .contains("[`all-2026-01-02.commands.json`](all-2026-01-02.commands.json)")
                .contains("| RawLettuceBenchmark.evalsha | thrpt | 12,346 | 1,235 | ops/s | 2 | evalsha=1, get=1 |")
                .contains("| OtherBenchmark.put (size=10) | thrpt | 42.1 | n/a | ops/s | n/a | n/a |")
                .endsWith("<!-- /run:all-2026-01-02 -->\n");
    }

    @Test
    void readmeKeepsTextNewestFirstAndReplacesSameRun() {
        String readme = "# Benchmarks\n\nHow to run.\n\n## Results\n\n" + ResultsWriter.RESULTS_START + "\n"
                + ResultsWriter.RESULTS_END + "\n\nFooter.\n";

        String one = ResultsWriter.insertSection(readme, "a-1", "<!-- run:a-1 -->\nA1\n<!-- /run:a-1 -->\n");
        String two = ResultsWriter.insertSection(one, "b-1", "<!-- run:b-1 -->\nB1\n<!-- /run:b-1 -->\n");
        String again = ResultsWriter.insertSection(two, "a-1", "<!-- run:a-1 -->\nA2\n<!-- /run:a-1 -->\n");

        assertThat(two.indexOf("B1")).isLessThan(two.indexOf("A1"));
        assertThat(again).contains("A2").doesNotContain("A1").contains("B1")
                .startsWith("# Benchmarks\n\nHow to run.\n").endsWith(ResultsWriter.RESULTS_END + "\n\nFooter.\n");
        assertThat(again.indexOf("A2")).isLessThan(again.indexOf("B1"));
        assertThat(again.split("<!-- run:a-1 -->", -1)).hasSize(2);
    }

    @Test
    void readmeWithoutMarkersGetsThem() {
        String created = ResultsWriter.insertSection("", "x-1", "<!-- run:x-1 -->\nX\n<!-- /run:x-1 -->\n");
        String appended = ResultsWriter.insertSection("# Mine\ntext", "x-1", "<!-- run:x-1 -->\nX\n<!-- /run:x-1 -->\n");

        assertThat(created).startsWith("# Benchmarks\n").contains(ResultsWriter.RESULTS_START).contains("X\n");
        assertThat(appended).startsWith("# Mine\ntext\n").contains(ResultsWriter.RESULTS_START + "\n\n<!-- run:x-1");
    }

    @Test
    void commandsJson() {
        String json = ResultsWriter.commandsJson(RUN, ROWS);

        assertThat(json).contains("\"redisVersion\": \"7.0.15\"")
                .contains("\"benchmark\": \"com.globalremit.redis.bench.RawLettuceBenchmark.evalsha\"")
                .contains("\"commandsPerOp\": 2.0")
                .contains("\"commands\": {\"evalsha\": 1000, \"get\": 1000}")
                .contains("\"params\": {\"size\": \"10\"}")
                .contains("\"scoreError\": null")
                .contains("\"commandsPerOp\": null");
        assertThat(ResultsWriter.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    @Test
    void fileNamesAndNumbers() {
        assertThat(ResultsWriter.fileSafe("RawLettuce.*get")).isEqualTo("RawLettuce-get");
        assertThat(ResultsWriter.fileSafe(".*")).isEqualTo("run");
        assertThat(ResultsWriter.commandsFileName("x-2026-01-02.json")).isEqualTo("x-2026-01-02.commands.json");
        assertThat(ResultsWriter.number(1234567.89)).isEqualTo("1,234,568");
        assertThat(ResultsWriter.number(1.23456)).isEqualTo("1.23");
        assertThat(ResultsWriter.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void countsStoreRoundTrip(@TempDir Path dir) throws Exception {
        String key = CommandCountsStore.key("com.x.FooBenchmark.get", Map.of("size", "10", "codec", "json"));
        CommandCounts counts = new CommandCounts(Map.of("get", 1000L, "client|setname", 1L), 1000);

        CommandCountsStore.write(dir, new CommandCountsStore.Entry(key, counts, "7.0.15"));
        CommandCountsStore.write(dir, new CommandCountsStore.Entry("com.x.Bar.put", new CommandCounts(Map.of(), 5), null));
        Map<String, CommandCountsStore.Entry> read = CommandCountsStore.readAll(dir);

        assertThat(key).isEqualTo("com.x.FooBenchmark.get{codec=json,size=10}");
        assertThat(read).containsOnlyKeys(key, "com.x.Bar.put");
        assertThat(read.get(key).counts()).isEqualTo(counts);
        assertThat(read.get(key).redisVersion()).isEqualTo("7.0.15");
        assertThat(CommandCountsStore.redisVersions(read.values())).isEqualTo("7.0.15, unknown");
        assertThat(CommandCountsStore.readAll(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void settingsDefaultsArgsAndSystemProperties() {
        BenchmarkMain.Settings defaults = BenchmarkMain.Settings.parse(new String[0], new Properties());
        assertThat(defaults.includes()).isEmpty();
        assertThat(defaults.name()).isEqualTo("all");
        assertThat(defaults.description()).isEqualTo("1 fork(s), warmup 2 x 1s, measurement 3 x 2s, 1 thread(s)");
        assertThat(defaults.countOps()).isEqualTo(1000);
        assertThat(defaults.out()).isEqualTo(Path.of("docs/benchmarks"));

        Properties system = new Properties();
        system.setProperty("bench.forks", "2");
        system.setProperty("bench.time", "5s");
        BenchmarkMain.Settings set = BenchmarkMain.Settings.parse(
                new String[] {"RawLettuce.*get", "--forks=0", "--iterations=1", "--count-ops=50", "--out=/tmp/b"},
                system);
        assertThat(set.includes()).containsExactly("RawLettuce.*get");
        assertThat(set.name()).isEqualTo("RawLettuce-get");
        assertThat(set.forks()).isZero();
        assertThat(set.time()).isEqualTo("5s");
        assertThat(set.iterations()).isEqualTo(1);
        assertThat(set.countOps()).isEqualTo(50);
        assertThat(set.out()).isEqualTo(Path.of("/tmp/b"));

        assertThatThrownBy(() -> BenchmarkMain.Settings.parse(new String[] {"--bogus=1"}, new Properties()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchmarkMain.Settings.parse(new String[] {"--iterations=0"}, new Properties()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchmarkMain.Settings.parse(new String[] {"--forks"}, new Properties()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package com.globalremit.redis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes what {@link BenchmarkMain} measured beside the JMH JSON: {@code <run>.commands.json} with the
 * commands per operation, and a section with a table in {@code README.md}.
 *
 * <p>README sections live between {@value #RESULTS_START} and {@value #RESULTS_END}, newest first; a run with the
 * same id (name and date) replaces its earlier section. Text outside the markers is left alone.
 */
public final class ResultsWriter {

    static final String RESULTS_START = "<!-- benchmark-results:start -->";
    static final String RESULTS_END = "<!-- benchmark-results:end -->";

    private ResultsWriter() {
    }

    /** The environment and settings of one run. */
    public record RunInfo(String id, String date, String jdk, String os, String cpu, int cores,
            String redisVersion, String settings, String jmhJsonFile) {
    }

    /**
     * One benchmark's result.
     *
     * @param benchmark full JMH name, e.g. {@code com.globalremit.redis.bench.RawLettuceBenchmark.get}
     * @param params    {@code @Param} values, empty if none
     * @param counts    commands counted after the measurement, or {@code null} if not counted
     */
    public record Row(String benchmark, Map<String, String> params, String mode, double score, double error,
            String unit, CommandCounts counts) {

        /** {@code RawLettuceBenchmark.get}, plus {@code (size=10)} when there are params. */
        public String shortName() {
            String[] parts = benchmark.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
            if (params.isEmpty()) {
                return name;
            }
            StringBuilder sb = new StringBuilder(name).append(" (");
            String sep = "";
            for (Map.Entry<String, String> param : params.entrySet()) {
                sb.append(sep).append(param.getKey()).append('=').append(param.getValue());
                sep = ", ";
            }
            return sb.append(')').toString();
        }
    }

    // ---------------------------------------------------------------- markdown

    /** The README section of one run. */
    public static String section(RunInfo run, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- run:").append(run.id()).append(" -->\n");
        md.append("### ").append(run.id()).append("\n\n");
        md.append("- Date: ").append(run.date()).append('\n');
        md.append("- JDK: ").append(run.jdk()).append('\n');
        md.append("- Redis: ").append(run.redisVersion()).append('\n');
        md.append("- Machine: ").append(run.cores()).append(" cores");
        if (run.cpu() != null && !run.cpu().isBlank()) {
            md.append(", ").append(run.cpu());
        }
        md.append(", ").append(run.os()).append('\n');
        md.append("- JMH: ").append(run.settings()).append('\n');
        md.append("- Raw results: [`").append(run.jmhJsonFile()).append("`](").append(run.jmhJsonFile())
                .append("), commands: [`").append(commandsFileName(run.jmhJsonFile())).append("`](")
                .append(commandsFileName(run.jmhJsonFile())).append(")\n\n");
        md.append("| Benchmark | Mode | Score | ± Error (99.9%) | Units | Commands/op | Per command |\n");
        md.append("|---|---|---:|---:|---|---:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.shortName())
                    .append(" | ").append(row.mode())
                    .append(" | ").append(number(row.score()))
                    .append(" | ").append(number(row.error()))
                    .append(" | ").append(row.unit())
                    .append(" | ").append(row.counts() == null ? "n/a" : CommandCounts.format(row.counts().perOperation()))
                    .append(" | ").append(row.counts() == null ? "n/a" : row.counts().breakdown())
                    .append(" |\n");
        }
        md.append("\n<!-- /run:").append(run.id()).append(" -->\n");
        return md.toString();
    }

    /** Inserts {@code section} (of run {@code id}) into the README text, newest first, replacing the same id. */
    public static String insertSection(String readme, String id, String section) {
        String text = readme == null ? "" : readme;
        Pattern existing = Pattern.compile("<!-- run:" + Pattern.quote(id) + " -->.*?<!-- /run:" + Pattern.quote(id)
                + " -->\\n?", Pattern.DOTALL);
        text = existing.matcher(text).replaceAll("");
        int start = text.indexOf(RESULTS_START);
        if (start < 0 || text.indexOf(RESULTS_END, start) < 0) {
            String base = text.isEmpty() ? "# Benchmarks\n" : text;
            if (!base.endsWith("\n")) {
                base += "\n";
            }
            text = base + "\n## Results\n\n" + RESULTS_START + "\n" + RESULTS_END + "\n";
            start = text.indexOf(RESULTS_START);
        }
        int insertAt = start + RESULTS_START.length();
        String after = text.substring(insertAt).replaceFirst("^\\n+", "");
        return text.substring(0, insertAt) + "\n\n" + section + "\n" + after;
    }

    public static void updateReadme(Path readme, String id, String section) throws IOException {
        String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
        Files.writeString(readme, insertSection(text, id, section), StandardCharsets.UTF_8);
    }

    /** {@code 23,456} for large numbers, 3 significant digits below 100, {@code n/a} for NaN. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    // ---------------------------------------------------------------- json

    static String commandsFileName(String jmhJsonFile) {
        return jmhJsonFile.endsWith(".json")
                ? jmhJsonFile.substring(0, jmhJsonFile.length() - ".json".length()) + ".commands.json"
                : jmhJsonFile + ".commands.json";
    }

    /** The commands per operation of every row, with the run's environment. */
    public static String commandsJson(RunInfo run, List<Row> rows) {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"run\": ").append(quote(run.id())).append(",\n");
        json.append("  \"date\": ").append(quote(run.date())).append(",\n");
        json.append("  \"jdk\": ").append(quote(run.jdk())).append(",\n");
        json.append("  \"os\": ").append(quote(run.os())).append(",\n");
        json.append("  \"cpu\": ").append(quote(run.cpu())).append(",\n");
        json.append("  \"cores\": ").append(run.cores()).append(",\n");
        json.append("  \"redisVersion\": ").append(quote(run.redisVersion())).append(",\n");
        json.append("  \"jmhSettings\": ").append(quote(run.settings())).append(",\n");
        json.append("  \"jmhResults\": ").append(quote(run.jmhJsonFile())).append(",\n");
        json.append("  \"benchmarks\": [");
        String sep = "\n";
        for (Row row : rows) {
            json.append(sep).append("    {\n");
            json.append("      \"benchmark\": ").append(quote(row.benchmark())).append(",\n");
            json.append("      \"params\": {");
            String psep = "";
            for (Map.Entry<String, String> p : row.params().entrySet()) {
                json.append(psep).append(quote(p.getKey())).append(": ").append(quote(p.getValue()));
                psep = ", ";
            }
            json.append("},\n");
            json.append("      \"mode\": ").append(quote(row.mode())).append(",\n");
            json.append("      \"score\": ").append(jsonNumber(row.score())).append(",\n");
            json.append("      \"scoreError\": ").append(jsonNumber(row.error())).append(",\n");
            json.append("      \"scoreUnit\": ").append(quote(row.unit())).append(",\n");
            if (row.counts() == null) {
                json.append("      \"commandsPerOp\": null,\n");
                json.append("      \"operationsCounted\": 0,\n");
                json.append("      \"commands\": {}\n");
            } else {
                json.append("      \"commandsPerOp\": ").append(jsonNumber(row.counts().perOperation())).append(",\n");
                json.append("      \"operationsCounted\": ").append(row.counts().operations()).append(",\n");
                json.append("      \"commands\": {");
                String csep = "";
                for (Map.Entry<String, Long> c : row.counts().perCommand().entrySet()) {
                    json.append(csep).append(quote(c.getKey())).append(": ").append(c.getValue());
                    csep = ", ";
                }
                json.append("}\n");
            }
            json.append("    }");
            sep = ",\n";
        }
        json.append(rows.isEmpty() ? "]\n" : "\n  ]\n");
        return json.append("}\n").toString();
    }

    private static String jsonNumber(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : Double.toString(value);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Replaces characters that do not belong in a file name: {@code RawLettuce.*get} becomes {@code RawLettuce-get}. */
    static String fileSafe(String s) {
        String safe = s.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return safe.isEmpty() ? "run" : safe;
    }
}

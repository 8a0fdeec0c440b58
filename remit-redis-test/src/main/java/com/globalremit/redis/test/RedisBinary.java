package com.globalremit.redis.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redis-server executable that has been proven to run on this machine.
 *
 * <p>Search order of {@link #locate()}: the system property {@value #BINARY_PROPERTY}{@code =bundled}
 * forces the binary bundled in the embedded-redis jar; otherwise the environment variable
 * {@value #ENV_VAR}, then {@code redis-server} on the PATH, then the bundled binary. An explicit
 * {@value #ENV_VAR} that does not work is an error rather than a silent fallback, because whoever set
 * it wants that binary.
 */
public final class RedisBinary {

    public static final String ENV_VAR = "REMIT_REDIS_SERVER";
    public static final String BINARY_PROPERTY = "remit.redis.test.binary";

    public static final String SOURCE_ENV = "env";
    public static final String SOURCE_PATH = "path";
    public static final String SOURCE_BUNDLED = "bundled";
    public static final String SOURCE_EXPLICIT = "explicit";

    private static final Pattern VERSION = Pattern.compile("v=(\\d+(?:\\.\\d+)*)");
    /** Probing runs a process; cache per path so every server start does not pay for it again. */
    private static final Map<Path, RedisBinary> PROBED = new ConcurrentHashMap<>();

    private final Path path;
    private final String version;
    private final String source;
    private volatile Boolean tls;

    /**
     * Why the bundled binary may not run: embedded-redis 1.4.3's binaries are linked dynamically against a newer C
     * library and OpenSSL than older systems have (checked with objdump on the Linux one).
     */
    static final String BUNDLED_NEEDS = " (the bundled Redis 6.2.11 needs glibc 2.34 or newer and OpenSSL 3 on Linux, "
            + "Homebrew's openssl@3 on macOS).";

    private RedisBinary(Path path, String version, String source) {
        this.path = path;
        this.version = version;
        this.source = source;
    }

    /** Finds a runnable redis-server, or throws {@link RedisBinaryNotFoundException} saying how to get one. */
    public static RedisBinary locate() {
        return locate(System.getenv(), System.getProperties());
    }

    /** {@link #locate()} with the environment and system properties supplied, so tests can vary them. */
    static RedisBinary locate(Map<String, String> env, Properties properties) {
        String forced = properties.getProperty(BINARY_PROPERTY, "").trim();
        if (SOURCE_BUNDLED.equalsIgnoreCase(forced)) {
            return bundled().orElseThrow(() -> new RedisBinaryNotFoundException(
                    BINARY_PROPERTY + "=bundled was set, but the embedded-redis jar has no redis-server that runs on "
                            + platform() + BUNDLED_NEEDS));
        }
        if (!forced.isEmpty()) {
            throw new IllegalArgumentException("-D" + BINARY_PROPERTY + "=" + forced
                    + " is not understood; the only value is \"bundled\" (use " + ENV_VAR + " for a path).");
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path candidate = Path.of(fromEnv.trim());
            return probe(candidate, SOURCE_ENV).orElseThrow(() -> new RedisBinaryNotFoundException(
                    ENV_VAR + "=" + fromEnv + " is not a runnable redis-server ("
                            + (Files.exists(candidate) ? "it does not answer --version" : "no such file") + ")."));
        }
        Optional<RedisBinary> onPath = onPath(env.get("PATH"));
        if (onPath.isPresent()) {
            return onPath.get();
        }
        return bundled().orElseThrow(() -> new RedisBinaryNotFoundException(
                "No redis-server found: none on the PATH and no bundled binary runs on " + platform()
                        + BUNDLED_NEEDS));
    }

    /** Wraps a specific executable; throws {@link RedisBinaryNotFoundException} if it does not run. */
    public static RedisBinary of(Path executable) {
        return probe(executable, SOURCE_EXPLICIT).orElseThrow(() -> new RedisBinaryNotFoundException(
                executable + " is not a runnable redis-server."));
    }

    public Path path() {
        return path;
    }

    /** The version reported by {@code redis-server --version}, e.g. "7.0.15". */
    public String version() {
        return version;
    }

    /** The major version, e.g. 7; used to enable directives older servers reject. */
    public int majorVersion() {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** Where the binary came from: {@code env}, {@code path}, {@code bundled} or {@code explicit}. */
    public String source() {
        return source;
    }

    /**
     * Whether this build has TLS compiled in. Checked by starting it with a TLS port and certificate
     * files that do not exist: a TLS build fails while configuring TLS, a build without TLS rejects the
     * {@code tls-port} directive itself. Either way the process exits at once and binds nothing.
     */
    public boolean supportsTls() {
        Boolean known = tls;
        if (known == null) {
            String missing = "/nonexistent-remit-redis-tls";
            CommandRunner.Result result = CommandRunner.run(List.of(path.toString(),
                    "--port", "0", "--tls-port", "1",
                    "--tls-cert-file", missing + "/cert.pem", "--tls-key-file", missing + "/key.pem",
                    "--save", "", "--logfile", ""), 10);
            String out = result.output();
            known = !out.contains("Bad directive") && out.toLowerCase(java.util.Locale.ROOT).contains("tls");
            tls = known;
        }
        return known;
    }

    @Override
    public String toString() {
        return "redis-server " + version + " (" + source + ": " + path + ")";
    }

    private static Optional<RedisBinary> onPath(String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<RedisBinary> found = probe(candidate, SOURCE_PATH);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RedisBinary> bundled() {
        try {
            return BundledRedisBinary.extract().flatMap(p -> probe(p, SOURCE_BUNDLED));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<RedisBinary> probe(Path candidate, String source) {
        Path absolute = candidate.toAbsolutePath().normalize();
        RedisBinary cached = PROBED.get(absolute);
        if (cached != null && cached.source.equals(source)) {
            return Optional.of(cached);
        }
        if (!Files.isRegularFile(absolute)) {
            return Optional.empty();
        }
        CommandRunner.Result result = CommandRunner.run(List.of(absolute.toString(), "--version"), 10);
        Matcher matcher = VERSION.matcher(result.output());
        if (!result.succeeded() || !result.output().contains("Redis server") || !matcher.find()) {
            return Optional.empty();
        }
        RedisBinary binary = new RedisBinary(absolute, matcher.group(1), source);
        PROBED.put(absolute, binary);
        return Optional.of(binary);
    }

    private static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }
}

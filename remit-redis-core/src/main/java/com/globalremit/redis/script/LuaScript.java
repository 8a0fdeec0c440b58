package com.globalremit.redis.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable Lua script and its SHA-1 digest (lower-case hex, as {@code SCRIPT LOAD} returns it), computed
 * locally so EVALSHA can be tried without a round trip to load the script first.
 *
 * <p>Scripts live next to the Java class that runs them, e.g. {@code ratelimit/SlidingWindowLimiter.java} and
 * {@code ratelimit/sliding_window.lua} in the same source folder; the build copies {@code *.lua} from
 * {@code src/main/java} into the jar. Load them once, into a {@code static final} field:
 *
 * <pre>{@code
 * private static final LuaScript SCRIPT = LuaScript.fromResource(SlidingWindowLimiter.class, "sliding_window.lua");
 * }</pre>
 *
 * <p>On Redis Cluster every key a script touches must be passed in {@code KEYS} and all of them must hash to the
 * same slot, which in practice means they share a hash tag ({@code rate:{client-42}:minute},
 * {@code rate:{client-42}:hour}); {@link ScriptExecutor} refuses keys in different slots before sending anything.
 */
public final class LuaScript {

    private final String name;
    private final byte[] source;
    private final String sha1;

    private LuaScript(String name, byte[] source) {
        if (source.length == 0) {
            throw new IllegalArgumentException("Lua script '" + name + "' is empty");
        }
        this.name = name;
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    /**
     * Loads {@code name} with {@code owner.getResourceAsStream(name)}: a relative name is looked up in the owner's
     * package, an absolute one ({@code /scripts/x.lua}) from the classpath root. Read as UTF-8.
     *
     * @throws IllegalArgumentException when the resource does not exist or is empty
     */
    public static LuaScript fromResource(Class<?> owner, String name) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        return new LuaScript(qualified(owner, name), read(owner, name));
    }

    /**
     * Loads {@code name} with the shared {@code prelude} in front of it (both resolved as by
     * {@link #fromResource(Class, String)}), joined by a newline into one chunk: the prelude's {@code local}
     * constants and functions are visible to the script, so scripts of one feature can share a helper (a deadline
     * check, a clock) and still each run as a single EVALSHA. The script is named after {@code name}.
     *
     * @throws IllegalArgumentException when either resource does not exist or is empty
     */
    public static LuaScript withPrelude(Class<?> owner, String prelude, String name) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(prelude, "prelude");
        Objects.requireNonNull(name, "name");
        byte[] head = read(owner, prelude);
        byte[] body = read(owner, name);
        if (head.length == 0 || body.length == 0) {
            throw new IllegalArgumentException("Lua script '" + (head.length == 0 ? prelude : name) + "' is empty");
        }
        byte[] joined = new byte[head.length + 1 + body.length];
        System.arraycopy(head, 0, joined, 0, head.length);
        joined[head.length] = '\n';
        System.arraycopy(body, 0, joined, head.length + 1, body.length);
        return new LuaScript(qualified(owner, name), joined);
    }

    private static String qualified(Class<?> owner, String name) {
        return name.startsWith("/") ? name.substring(1) : owner.getPackageName().replace('.', '/') + "/" + name;
    }

    private static byte[] read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("Lua script '" + name + "' not found beside " + owner.getName()
                        + " (looked for classpath resource " + qualified(owner, name) + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Lua script " + qualified(owner, name), e);
        }
    }

    /** A script given as text, e.g. in tests; {@code name} only labels it in errors and logs. */
    public static LuaScript of(String name, String source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        return new LuaScript(name, source.getBytes(StandardCharsets.UTF_8));
    }

    /** Where the script came from, e.g. {@code com/globalremit/redis/ratelimit/sliding_window.lua}. */
    public String name() {
        return name;
    }

    /** SHA-1 of the UTF-8 source, 40 lower-case hex digits: the EVALSHA digest. */
    public String sha1() {
        return sha1;
    }

    public String source() {
        return new String(source, StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes sent with EVAL; a copy. */
    public byte[] sourceBytes() {
        return source.clone();
    }

    /** Package-private access without a copy, for the executor's EVAL fallback. */
    byte[] sourceBytesNoCopy() {
        return source;
    }

    private static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuaScript other && sha1.equals(other.sha1);
    }

    @Override
    public int hashCode() {
        return sha1.hashCode();
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + ", sha1=" + sha1 + "]";
    }
}

package com.globalremit.redis.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code -Dremit.redis.test.acl=app}: every data node this module starts loads the application user documented in
 * {@code docs/operations/users.acl} (copied onto the class path by the build, so the tests can never drift from
 * the document), and clients connect as that user. Proves that every feature works with exactly those rights.
 *
 * <p>Three users exist on each data node in this mode:
 * <ul>
 *   <li>{@value #APP_USER}: the documented rules; {@code uri()} of every deployment authenticates as it.</li>
 *   <li>{@code default}: the same documented rules (with the deployment's password, if any), so a test that
 *       connects by host and port alone is restricted just the same instead of silently having every right.</li>
 *   <li>{@value #ADMIN_USER}: all rights, for the harness itself (FLUSHALL between tests, SHUTDOWN, CLUSTER
 *       MEET/REPLICATE, replication and sentinel links) and for a test's own inspection through
 *       {@code adminUri()} (KEYS, CONFIG SET). Never handed to the code under test.</li>
 * </ul>
 * Sentinels get no users: the documented file is for data nodes.
 */
public final class AclTestMode {

    /** System property; value {@code app} turns the mode on. */
    public static final String PROPERTY = "remit.redis.test.acl";
    public static final String APP_USER = "remit-app";
    public static final String ADMIN_USER = "remit-test-admin";
    static final String ACL_RESOURCE = "com/globalremit/redis/test/acl/users.acl";

    /** Fresh per JVM: nothing outside this test run can know them. */
    private static final String APP_PASSWORD = "app-" + UUID.randomUUID();
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

    private AclTestMode() {
    }

    public static boolean enabled() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty() || value.equals("off")) {
            return false;
        }
        if (!value.equals("app")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be 'app' (or absent), not '" + value + "'");
        }
        return true;
    }

    public static String appPassword() {
        return APP_PASSWORD;
    }

    static String adminPassword() {
        return ADMIN_PASSWORD;
    }

    /** The documented rules of {@code user} in users.acl, without its on/off flag and password placeholder. */
    public static String documentedRules(String user) {
        return documentedRules(user, readAclFile());
    }

    static String documentedRules(String user, String aclFile) {
        return aclFile.lines().filter(line -> line.startsWith("user " + user + " ")).findFirst()
                .map(line -> Arrays.stream(line.trim().split("\\s+")).skip(2)
                        .filter(token -> !token.equals("on") && !token.equals("off") && !token.startsWith("#")
                                && !token.startsWith(">") && !token.startsWith("<"))
                        .collect(Collectors.joining(" ")))
                .orElseThrow(() -> new IllegalStateException("no 'user " + user + "' line in " + ACL_RESOURCE));
    }

    private static String readAclFile() {
        try (InputStream in = AclTestMode.class.getClassLoader().getResourceAsStream(ACL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ACL_RESOURCE + " is not on the class path; the remit-redis-test "
                        + "build copies it from docs/operations/users.acl");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code user} directives of a data node in this mode; {@code password} is the default user's, or null. */
    static List<String> userDirectives(String password) {
        String rules = documentedRules(APP_USER);
        String defaultPassword = password == null || password.isEmpty() ? "nopass"
                : RedisConfigFile.quote(">" + password);
        return List.of(
                ADMIN_USER + " on " + RedisConfigFile.quote(">" + ADMIN_PASSWORD) + " ~* &* +@all",
                APP_USER + " on " + RedisConfigFile.quote(">" + APP_PASSWORD) + " " + rules,
                "default on " + defaultPassword + " " + rules);
    }

    /** AUTH arguments of the harness's own control connection to a data node. */
    static List<String> adminAuth() {
        return List.of(ADMIN_USER, ADMIN_PASSWORD);
    }
}

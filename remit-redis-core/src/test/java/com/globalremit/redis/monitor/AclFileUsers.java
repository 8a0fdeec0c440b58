package com.globalremit.redis.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads a user's rules from docs/operations/users.acl, so the tests run against the documented ACL itself. */
final class AclFileUsers {

    static final Path ACL_FILE = Path.of("..", "docs", "operations", "users.acl");

    private AclFileUsers() {
    }

    /** The rules of {@code user} without its on/off state and password tokens. */
    static String rules(String user) {
        try {
            return Files.readAllLines(ACL_FILE).stream().filter(line -> line.startsWith("user " + user + " "))
                    .findFirst()
                    .map(line -> Arrays.stream(line.split("\\s+")).skip(2)
                            .filter(t -> !t.equals("on") && !t.equals("off") && !t.startsWith("#")
                                    && !t.startsWith(">") && !t.startsWith("<"))
                            .collect(Collectors.joining(" ")))
                    .orElseThrow(() -> new IllegalStateException("no user " + user + " in " + ACL_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

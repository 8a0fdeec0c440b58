package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The zero-downtime rotation of docs/operations/security.md: two passwords on the ACL user during the switch. A
 * running application keeps working through every step; only a connection opened with the old password after
 * step 4 would fail, which is why the rollout (step 2) comes before the removal.
 */
@RemitRedis(password = "admin-pw")
class PasswordRotationRedisTest {

    private StatefulRedisConnection<String, String> admin;

    private static RemitRedisClient connect(RedisServer server, String password) {
        return RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .username("remit-rotated").password(password).build());
    }

    @Test
    void runningApplicationKeepsWorkingWhileThePasswordIsRotated(RedisServer server) {
        admin.sync().aclSetuser("remit-rotated", AclSetuserArgs.Builder.on().addPassword("old-pw")
                .allKeys().allChannels().allCommands());
        try (RemitRedisClient running = connect(server, "old-pw")) {
            running.syncStrings().set("session:1", "a");

            // 1. add the new password, keep the old one
            admin.sync().aclSetuser("remit-rotated", AclSetuserArgs.Builder.addPassword("new-pw"));
            assertThat(running.syncStrings().get("session:1")).isEqualTo("a");
            // 2. roll out: new instances use the new password while old ones still run
            try (RemitRedisClient rolledOut = connect(server, "new-pw"); RemitRedisClient late = connect(server,
                    "old-pw")) {
                assertThat(rolledOut.syncStrings().get("session:1")).isEqualTo("a");
                assertThat(late.syncStrings().get("session:1")).isEqualTo("a");
            }
            // 4. remove the old password
            admin.sync().aclSetuser("remit-rotated", AclSetuserArgs.Builder.removePassword("old-pw"));
            running.syncStrings().set("session:1", "b"); // already authenticated connections are unaffected
            assertThat(running.syncStrings().get("session:1")).isEqualTo("b");
            try (RemitRedisClient rolledOut = connect(server, "new-pw")) {
                assertThat(rolledOut.syncStrings().get("session:1")).isEqualTo("b");
            }
            assertThatThrownBy(() -> connect(server, "old-pw").close()).isInstanceOf(RedisConnectionException.class);
        }
    }
}

package com.globalremit.redis.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

/** The escaping of {@link KeyBuilder#pattern()} checked against Redis's own glob matcher. */
@RemitRedis
class KeyPatternScanRedisTest {

    private final KeyNaming naming = KeyNaming.withPrefix("remit");

    @Test
    void aPatternFromAnIdWithGlobCharactersMatchesOnlyThatIdsKeys(RedisServer server) {
        List<String> ids = List.of("12*", "12", "123", "12*3", "1?", "1x", "[ab]", "a", "b", "\\d", "d");
        try (RemitRedisClient redis = RemitRedisClient.create(
                RedisConnectionSettings.standalone(server.host() + ":" + server.port()).build())) {
            for (String id : ids) {
                redis.syncStrings().set(naming.key("client", "transactions").id(id).build(), id);
                redis.syncStrings().set(naming.key("client", "transactions").id(id).suffix("recent").build(), id);
            }
            for (String id : ids) {
                String pattern = naming.key("client", "transactions").id(id).anySuffix().pattern();
                assertThat(scan(redis, pattern)).as("pattern %s", pattern)
                        .containsExactly(naming.key("client", "transactions").id(id).suffix("recent").build());
                String exact = naming.key("client", "transactions").id(id).pattern();
                assertThat(scan(redis, exact)).as("pattern %s", exact)
                        .containsExactly(naming.key("client", "transactions").id(id).build());
            }
            // The explicit wildcard does widen: every key of the entity.
            assertThat(scan(redis, naming.key("client", "transactions").anyId().pattern()))
                    .hasSize(ids.size() * 2);
        }
    }

    private static List<String> scan(RemitRedisClient redis, String pattern) {
        List<String> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = redis.syncStrings().scan(args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = redis.syncStrings().scan(ScanCursor.of(cursor.getCursor()), args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }
}

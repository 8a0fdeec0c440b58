package com.globalremit.redis.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.test.RedisClusterGroup;
import com.globalremit.redis.test.RemitRedis;
import com.globalremit.redis.test.Topology;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

@RemitRedis(topology = Topology.CLUSTER)
class ScriptExecutorClusterRedisTest {

    private static final LuaScript SET_PAIR = LuaScript.fromResource(ScriptExecutorClusterRedisTest.class,
            "set_pair.lua");

    private final KeyNaming naming = KeyNaming.withPrefix("remit");

    @Test
    void twoKeyScriptsRunOnEveryMasterAndSurviveScriptFlush(RedisClusterGroup cluster) throws Exception {
        RedisConnectionSettings settings = RedisConnectionSettings.cluster(cluster.nodes().stream()
                .map(n -> n.host() + ":" + n.port()).toArray(String[]::new)).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings)) {
            ScriptExecutor scripts = ScriptExecutor.create(redis);
            @SuppressWarnings("unchecked")
            var partitions = ((StatefulRedisClusterConnection<String, byte[]>) redis.connection()).getPartitions();

            // One client id per master: its two hash-tagged keys share a slot owned by that master.
            Map<String, String> idByMaster = new HashMap<>();
            for (int i = 0; idByMaster.size() < 3 && i < 1000; i++) {
                String id = "client-" + i;
                int slot = SlotHash.getSlot(naming.key("rate", "window").id(id).hashTag().suffix("minute").build());
                idByMaster.putIfAbsent(partitions.getPartitionBySlot(slot).getNodeId(), id);
            }
            assertThat(idByMaster).hasSize(3);

            for (boolean flushed : new boolean[] {false, true}) {
                if (flushed) {
                    redis.forEachMaster(c -> c.scriptFlush());
                }
                for (String id : idByMaster.values()) {
                    String minute = naming.key("rate", "window").id(id).hashTag().suffix("minute").build();
                    String hour = naming.key("rate", "window").id(id).hashTag().suffix("hour").build();
                    List<Object> sync = scripts.execute(SET_PAIR, ScriptOutputType.MULTI, List.of(minute, hour),
                            "m-" + id, "h-" + id);
                    assertThat(sync).extracting(v -> new String((byte[]) v, StandardCharsets.UTF_8))
                            .containsExactly("m-" + id, "h-" + id);
                    List<Object> async = scripts.<List<Object>>executeAsync(SET_PAIR, ScriptOutputType.MULTI,
                            List.of(minute, hour), "m2", "h2").toCompletableFuture().get(5, TimeUnit.SECONDS);
                    assertThat(async).hasSize(2);
                }
            }
            // Each master now holds exactly one client's two keys, and has the script cached again.
            Map<String, Long> sizes = redis.fromEachMaster(c -> c.dbsize());
            assertThat(sizes).hasSize(3).allSatisfy((node, size) -> assertThat(size).isEqualTo(2L));
            Set<Boolean> cached = new HashSet<>();
            redis.forEachMaster(c -> cached.addAll(c.scriptExists(SET_PAIR.sha1())));
            assertThat(cached).containsExactly(true);
        }
    }

    @Test
    void keysInDifferentSlotsAreRefusedBeforeSending(RedisClusterGroup cluster) {
        RedisConnectionSettings settings = RedisConnectionSettings.cluster(cluster.nodes().get(0).host() + ":"
                + cluster.nodes().get(0).port()).build();
        try (RemitRedisClient redis = RemitRedisClient.create(settings)) {
            ScriptExecutor scripts = ScriptExecutor.create(redis);
            String a = naming.key("rate", "window").id("client-1").suffix("minute").build();
            String b = naming.key("rate", "window").id("client-1").suffix("hour").build();
            assertThat(SlotHash.getSlot(a)).isNotEqualTo(SlotHash.getSlot(b));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> scripts.execute(SET_PAIR, ScriptOutputType.MULTI, List.of(a, b), "x", "y"))
                    .withMessageContaining("all keys must hash to one cluster slot")
                    .withMessageContaining(a).withMessageContaining(b);
            assertThat(redis.fromEachMaster(c -> c.dbsize()).values()).containsOnly(0L);
        }
    }
}

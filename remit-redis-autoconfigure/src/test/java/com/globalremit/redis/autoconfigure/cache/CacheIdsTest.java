package com.globalremit.redis.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.globalremit.redis.key.KeyNaming;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Default ids of method calls: different arguments never share an id, plain ids stay as they are. */
class CacheIdsTest {

    @Test
    void plainSingleArgumentsKeepTheirId() {
        assertThat(CacheIds.ofArguments(new Object[] {"123"})).isEqualTo("123");
        assertThat(CacheIds.ofArguments(new Object[] {42L})).isEqualTo("42");
        assertThat(CacheIds.ofArguments(new Object[] {"a-b_c.d"})).isEqualTo("a-b_c.d");
        assertThat(CacheIds.ofArguments(new Object[] {"a:b"})).isEqualTo("a%3Ab");
        assertThat(CacheIds.ofArguments(new Object[0])).isEqualTo("all");
        assertThat(CacheIds.of("USD")).isEqualTo("USD");
    }

    @Test
    void argumentsContainingTheSeparatorDoNotCollide() {
        String first = CacheIds.ofArguments(new Object[] {"a,b", "c"});
        String second = CacheIds.ofArguments(new Object[] {"a", "b,c"});
        assertThat(first).isNotEqualTo(second);
        assertThat(CacheIds.ofArguments(new Object[] {"a", "b"})).isEqualTo("a,b");
        assertThat(CacheIds.ofArguments(new Object[] {"a,b"})).isNotEqualTo(CacheIds.ofArguments(new Object[] {"a", "b"}));
    }

    @Test
    void nullIsNotTheStringNull() {
        assertThat(CacheIds.ofArguments(new Object[] {null})).isNotEqualTo(CacheIds.ofArguments(new Object[] {"null"}));
        assertThat(CacheIds.ofArguments(new Object[] {null, "x"}))
                .isNotEqualTo(CacheIds.ofArguments(new Object[] {"null", "x"}));
        assertThat(CacheIds.of(null)).isNotEqualTo(CacheIds.of("null"));
        assertThat(CacheIds.ofArguments(new Object[] {""})).isNotEqualTo(CacheIds.ofArguments(new Object[] {null}));
    }

    @Test
    void primitiveArraysAreKeyedByContent() {
        String one = CacheIds.ofArguments(new Object[] {new long[] {1, 2}});
        String again = CacheIds.ofArguments(new Object[] {new long[] {1, 2}});
        assertThat(one).isEqualTo(again).isEqualTo("1,2");
        assertThat(CacheIds.ofArguments(new Object[] {new long[] {1, 3}})).isNotEqualTo(one);
        assertThat(CacheIds.ofArguments(new Object[] {new int[] {7}, "x"})).isEqualTo("[7],x");
        assertThat(CacheIds.ofArguments(new Object[] {new byte[] {1}, new char[] {'a'}, new boolean[] {true},
                new double[] {0.5}, new float[] {1f}, new short[] {2}})).doesNotContain("@");
    }

    @Test
    void nestedArraysDoNotCollideWithFlatOnes() {
        Set<String> ids = new HashSet<>();
        for (Object[] args : List.of(new Object[] {new String[] {"a", "b"}, "c"}, new Object[] {"a", new String[] {"b", "c"}},
                new Object[] {"a", "b", "c"}, new Object[] {new String[0], "c"}, new Object[] {"", "c"})) {
            ids.add(CacheIds.ofArguments(args));
        }
        assertThat(ids).hasSize(5);
    }

    @Test
    void everyIdIsAValidKeyPart() {
        for (Object[] args : List.of(new Object[] {null}, new Object[] {""}, new Object[] {new long[0]},
                new Object[] {new String[] {"a b", null}, new int[] {1}}, new Object[] {"{x}:y*"})) {
            String id = CacheIds.ofArguments(args);
            assertThat(KeyNaming.DEFAULT.key("cache", "t").id(id).hashTag().build()).contains(id);
        }
    }
}

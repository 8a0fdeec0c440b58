package com.globalremit.redis.autoconfigure.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The allow-list's decisions; pure logic, no Redis (the round trip through Redis is in the repository test). */
class DeserializationAllowListTest {

    private final SessionAttributeSerializer serializer = SessionAttributeSerializer
            .java(getClass().getClassLoader());

    @Test
    void jdkValueTypesCollectionsAndArraysRoundTrip() {
        Map<String, Object> values = new HashMap<>();
        values.put("locale", Locale.UK);
        values.put("id", UUID.fromString("5d9c2c1e-7f2a-4b8e-9a51-0c6f4f1d2e3a"));
        values.put("amount", new BigDecimal("1250.75"));
        values.put("day", LocalDate.of(2026, 11, 29));
        values.put("zone", TimeZone.getTimeZone("Europe/London"));
        values.put("matrix", new String[][] {{"a"}, {"b", "c"}});
        values.put("bytes", new byte[] {1, 2, 3});
        values.put("list", new ArrayList<>(List.of(1, 2L, "three")));
        Object read = serializer.deserialize(serializer.serialize(values));
        assertThat(read).usingRecursiveComparison().isEqualTo(values);
    }

    @Test
    void classesOutsideTheListAreRefusedNamingTheClassOnly() throws Exception {
        // The URLDNS gadget's shape: a HashMap key whose hashCode does a DNS lookup. java.net is not listed.
        Map<Object, String> gadget = new HashMap<>();
        gadget.put(new URL("http://planted.invalid/"), "x");
        assertThatExceptionOfType(SessionAttributeSerializer.RejectedClassException.class)
                .isThrownBy(() -> serializer.deserialize(serializer.serialize(gadget)))
                .withMessageContaining("java.net.URL").withMessageNotContaining("planted.invalid");
        assertThatExceptionOfType(SessionAttributeSerializer.RejectedClassException.class)
                .isThrownBy(() -> serializer.deserialize(serializer.serialize(URI.create("http://a.invalid/"))));
    }

    @Test
    void aValueNestedDeeperThanTheLimitIsRefused() {
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 150; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThatExceptionOfType(SessionAttributeSerializer.RejectedClassException.class)
                .isThrownBy(() -> serializer.deserialize(serializer.serialize(deep)))
                .withMessageContaining("limit");
    }

    @Test
    void addedPackagesIncludeTheirSubpackagesOnly() {
        DeserializationAllowList list = DeserializationAllowList.withPackages(List.of("com.globalremit.redis"));
        assertThat(list.allows(DeserializationAllowListTest.class)).isTrue();
        assertThat(list.allows(DeserializationAllowListTest[].class)).isTrue();
        assertThat(DeserializationAllowList.withPackages(List.of("com.globalremit.redis.autoconfigure.sessionx"))
                .allows(DeserializationAllowListTest.class)).isFalse();
        assertThat(list.allows(java.lang.reflect.Proxy.class)).isFalse();
        assertThat(list.allows(int[].class)).isTrue();
        for (String bad : new String[] {"*", "com", "com.example.*", "com..example", " "}) {
            assertThatIllegalArgumentException().isThrownBy(() -> DeserializationAllowList.withPackages(List.of(bad)));
        }
    }
}

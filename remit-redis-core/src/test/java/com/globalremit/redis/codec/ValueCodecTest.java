package com.globalremit.redis.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

class ValueCodecTest {

    record Profile(String id, String name, LocalDate birthDate, Instant updatedAt, OffsetDateTime lastLogin,
            BigDecimal balance, List<String> tags) {
    }

    record Holder(String label, Object payload) {
    }

    /** Stands in for a gadget class: counts how often anything instantiates it. */
    public static class Gadget {
        static final AtomicInteger CREATED = new AtomicInteger();
        public String command;

        public Gadget() {
            CREATED.incrementAndGet();
        }
    }

    private static final String SECRET = "4111111111111111";

    private final ValueCodec codec = ValueCodec.create();

    @BeforeEach
    void resetGadget() {
        Gadget.CREATED.set(0);
    }

    private static Profile profile(String id) {
        return new Profile(id, "Zoë Müller", LocalDate.of(1990, 2, 28), Instant.parse("2026-01-02T03:04:05.123456Z"),
                OffsetDateTime.of(2026, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2)), new BigDecimal("1234.50"),
                List.of("vip", "eu"));
    }

    @Test
    void roundTripsRecordsWithDates() {
        Profile p = profile("123");
        byte[] bytes = codec.encode(p);
        assertThat(bytes[0]).isEqualTo(ValueCodec.HEADER_JSON);
        assertThat(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8))
                .contains("\"birthDate\":\"1990-02-28\"").contains("\"2026-01-02T03:04:05.123456Z\"");
        assertThat(codec.decode(bytes, Profile.class)).isEqualTo(p);
        assertThat(codec.decode(bytes, Profile.class).lastLogin().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void roundTripsGenericListsAndMaps() {
        List<Profile> list = List.of(profile("1"), profile("2"));
        assertThat(codec.decode(codec.encode(list), new TypeReference<List<Profile>>() { })).isEqualTo(list);

        Map<String, Profile> map = new LinkedHashMap<>();
        map.put("a", profile("a"));
        map.put("b", profile("b"));
        JavaType type = codec.mapper().getTypeFactory().constructMapType(Map.class, String.class, Profile.class);
        Map<String, Profile> decoded = codec.decode(codec.encode(map), type);
        assertThat(decoded).isEqualTo(map);
        assertThat(decoded.get("a")).isInstanceOf(Profile.class);

        assertThat(codec.decode(codec.encode("just text"), String.class)).isEqualTo("just text");
        assertThat(codec.decode(codec.encode(42L), Long.class)).isEqualTo(42L);
    }

    @Test
    void compressesAtOrAboveTheThresholdOnly() {
        ValueCodec small = ValueCodec.builder().compressionThreshold(100).build();
        String below = "a".repeat(97); // JSON "aaa..." = 99 bytes
        String at = "a".repeat(98);    // 100 bytes
        assertThat(small.encode(below)[0]).isEqualTo(ValueCodec.HEADER_JSON);
        byte[] compressed = small.encode(at);
        assertThat(compressed[0]).isEqualTo(ValueCodec.HEADER_LZ4);
        assertThat(ByteBuffer.wrap(compressed, 1, 4).getInt()).isEqualTo(100);
        assertThat(compressed.length).isLessThan(100);
        assertThat(small.decode(compressed, String.class)).isEqualTo(at);
    }

    @Test
    void defaultThresholdIs1KiBAndLargeValuesShrink() {
        List<Profile> many = java.util.stream.IntStream.range(0, 200).mapToObj(i -> profile("id-" + i)).toList();
        byte[] bytes = codec.encode(many);
        byte[] plain = ValueCodec.builder().compression(false).build().encode(many);
        assertThat(bytes[0]).isEqualTo(ValueCodec.HEADER_LZ4);
        assertThat(plain[0]).isEqualTo(ValueCodec.HEADER_JSON);
        assertThat(bytes.length).isLessThan(plain.length / 3);
        assertThat(codec.decode(bytes, new TypeReference<List<Profile>>() { })).isEqualTo(many);
        assertThat(codec.encode(profile("1"))[0]).isEqualTo(ValueCodec.HEADER_JSON);
    }

    @Test
    void incompressibleValuesStayPlain() {
        byte[] random = new byte[4096];
        new java.util.Random(7).nextBytes(random);
        // A byte[] is written as base64 text, which LZ4 cannot shrink much, if at all.
        ValueCodec c = ValueCodec.builder().compressionThreshold(0).build();
        byte[] encoded = c.encode(random);
        assertThat(encoded.length).isLessThanOrEqualTo(ValueCodec.builder().compression(false).build().encode(random).length);
        assertThat(c.decode(encoded, byte[].class)).isEqualTo(random);
    }

    @Test
    void bothFormsReadBackWhateverTheCurrentSettings() {
        String value = "x".repeat(5000);
        byte[] compressed = ValueCodec.builder().compressionThreshold(10).build().encode(value);
        byte[] plain = ValueCodec.builder().compression(false).build().encode(value);
        assertThat(compressed[0]).isEqualTo(ValueCodec.HEADER_LZ4);
        assertThat(plain[0]).isEqualTo(ValueCodec.HEADER_JSON);

        ValueCodec off = ValueCodec.builder().compression(false).build();
        assertThat(off.decode(compressed, String.class)).isEqualTo(value);
        assertThat(codec.decode(plain, String.class)).isEqualTo(value);
    }

    @Test
    void nullInNullOutButNullIsNeverEncoded() {
        assertThat(codec.decode(null, Profile.class)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(null))
                .withMessageContaining("Cannot encode null");
        byte[] jsonNull = {ValueCodec.HEADER_JSON, 'n', 'u', 'l', 'l'};
        assertThatThrownBy(() -> codec.decode(jsonNull, Profile.class)).isInstanceOf(ValueDecodingException.class)
                .hasMessageContaining("JSON null");
    }

    @Test
    void corruptTruncatedAndForeignValuesRaiseValueDecodingExceptionWithoutContent() {
        Profile p = new Profile(SECRET, SECRET, null, null, null, null, List.of(SECRET));
        byte[] plain = codec.encode(p);
        byte[] compressed = ValueCodec.builder().compressionThreshold(0).build()
                .encode(Collections_nCopies(50, p));
        assertThat(compressed[0]).isEqualTo(ValueCodec.HEADER_LZ4);

        List<byte[]> broken = List.of(
                new byte[0],
                SECRET.getBytes(StandardCharsets.UTF_8),                                   // foreign, no header
                ("{\"id\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8),         // JSON without header
                Arrays.copyOf(plain, plain.length - 5),                                   // truncated JSON
                withByte(plain, 1, (byte) '#'),                                            // bad JSON
                prefixed(ValueCodec.HEADER_JSON, "{\"id\":\"" + SECRET + "\"} trailing " + SECRET),
                prefixed(ValueCodec.HEADER_JSON, "[\"" + SECRET + "\"]"),                 // wrong type
                prefixed(ValueCodec.HEADER_JSON, "{\"tags\":\"" + SECRET + "\"}"),        // wrong field type
                Arrays.copyOf(compressed, compressed.length - 10),                        // truncated LZ4
                Arrays.copyOf(compressed, 3),                                             // truncated LZ4 header
                withByte(compressed, 8, (byte) 0xff),                                     // corrupt LZ4
                withInt(compressed, 1, ByteBuffer.wrap(compressed, 1, 4).getInt() + 7),   // wrong length
                new byte[] {0x7f, 1, 2, 3});                                              // unknown header
        for (int i = 0; i < broken.size(); i++) {
            byte[] bytes = broken.get(i);
            assertThat(catchThrowable(() -> codec.decode(bytes, Profile.class)))
                    .as("case %d: decoding %d bytes", i, bytes.length)
                    .isInstanceOf(ValueDecodingException.class)
                    .hasNoCause()
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("4111")
                                .contains(bytes.length + " bytes");
                        assertThat(((ValueDecodingException) e).length()).isEqualTo(bytes.length);
                    });
        }
    }

    @Test
    void messageNamesLengthHeaderAndType() {
        assertThatThrownBy(() -> codec.decode(new byte[] {0x7b, 0x7d}, Profile.class))
                .isInstanceOf(ValueDecodingException.class)
                .hasMessage("Cannot decode value of 2 bytes with header 0x7B as " + Profile.class.getName()
                        + ": unknown header (not written by ValueCodec)")
                .satisfies(e -> assertThat(((ValueDecodingException) e).header()).isEqualTo(0x7b));
        assertThatThrownBy(() -> codec.decode(new byte[0], Profile.class))
                .satisfies(e -> assertThat(((ValueDecodingException) e).header()).isEqualTo(-1));
    }

    @Test
    void decompressionBombsAreRefusedBeforeAllocating() {
        ValueCodec limited = ValueCodec.builder().maxDecodedSize(1000).build();
        byte[] big = ValueCodec.builder().compressionThreshold(0).build().encode("z".repeat(5000));
        assertThat(big[0]).isEqualTo(ValueCodec.HEADER_LZ4);
        assertThatThrownBy(() -> limited.decode(big, String.class)).isInstanceOf(ValueDecodingException.class)
                .hasMessageContaining("declared decompressed length 5002 outside 1..1000");

        // A tiny value claiming 60 MB: under the default 64 MiB limit, but impossible for LZ4, so never allocated.
        byte[] forged = {ValueCodec.HEADER_LZ4, 0x03, (byte) 0x93, (byte) 0x87, 0x00, 0x1f, 0x00, 0x01};
        assertThatThrownBy(() -> codec.decode(forged, String.class)).isInstanceOf(ValueDecodingException.class)
                .hasMessageContaining("impossible for 3 compressed bytes");
        byte[] negative = {ValueCodec.HEADER_LZ4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2};
        assertThatThrownBy(() -> codec.decode(negative, String.class)).isInstanceOf(ValueDecodingException.class)
                .hasMessageContaining("declared decompressed length 4294967295 outside");
    }

    @Test
    void maximalLz4RatioStillDecodes() {
        // All-zero data is LZ4's best case (~250x); the ratio guard must not reject genuine values.
        ValueCodec c = ValueCodec.builder().compressionThreshold(0).build();
        byte[] zeros = new byte[3_000_000];
        byte[] encoded = c.encode(new String(zeros, StandardCharsets.ISO_8859_1));
        assertThat(encoded[0]).isEqualTo(ValueCodec.HEADER_LZ4);
        assertThat(c.decode(encoded, String.class)).hasSize(zeros.length);
    }

    @Test
    void polymorphicGadgetPayloadsInstantiateNothing() {
        String gadget = Gadget.class.getName();
        byte[] wrapperArray = prefixed(ValueCodec.HEADER_JSON,
                "[\"java.lang.ProcessBuilder\",[\"touch\",\"/tmp/pwned\"]]");
        byte[] classProperty = prefixed(ValueCodec.HEADER_JSON, "{\"@class\":\"" + gadget + "\",\"command\":\"x\"}");
        byte[] typedArray = prefixed(ValueCodec.HEADER_JSON, "[\"" + gadget + "\",{\"command\":\"x\"}]");
        byte[] nested = prefixed(ValueCodec.HEADER_JSON,
                "{\"label\":\"l\",\"payload\":[\"" + gadget + "\",{\"command\":\"x\"}]}");

        assertThat(codec.decode(wrapperArray, Object.class)).isInstanceOf(List.class)
                .isEqualTo(List.of("java.lang.ProcessBuilder", List.of("touch", "/tmp/pwned")));
        assertThat(codec.decode(classProperty, Object.class)).isInstanceOf(Map.class);
        assertThat(codec.decode(typedArray, Object.class)).isInstanceOf(List.class);
        assertThat(codec.decode(nested, Holder.class).payload()).isInstanceOf(List.class);
        assertThat(Gadget.CREATED).hasValue(0);
    }

    @Test
    void theGadgetPayloadWouldWorkOnADefaultTypingMapper() {
        // Proves the payload above is a real attack: a default-typing mapper instantiates the class it names.
        JsonMapper unsafe = defaultTypingMapper();
        unsafe.readValue("[\"" + Gadget.class.getName() + "\",{\"command\":\"x\"}]", Object.class);
        assertThat(Gadget.CREATED).hasValue(1);
    }

    @Test
    void refusesMapperWithDefaultTyping() {
        assertThatIllegalArgumentException().isThrownBy(() -> ValueCodec.of(defaultTypingMapper()))
                .withMessageContaining("default typing");
        JsonMapper asProperty = JsonMapper.builder().activateDefaultTypingAsProperty(
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build(),
                DefaultTyping.NON_FINAL, "@class").build();
        assertThatIllegalArgumentException().isThrownBy(() -> ValueCodec.builder().mapper(asProperty).build());
    }

    @Test
    void acceptsTheApplicationsOwnMapper() {
        JsonMapper appMapper = JsonMapper.builder().build();
        ValueCodec own = ValueCodec.of(appMapper);
        assertThat(own.mapper()).isSameAs(appMapper);
        Holder value = new Holder("label", List.of(1, 2));
        assertThat(own.decode(own.encode(value), Holder.class)).isEqualTo(value);
    }

    @Test
    void unknownPropertiesAreIgnoredForRollingDeploys() {
        byte[] newer = prefixed(ValueCodec.HEADER_JSON, "{\"id\":\"1\",\"addedInV2\":true}");
        assertThat(codec.decode(newer, Profile.class).id()).isEqualTo("1");
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ValueCodec.builder().compressionThreshold(-1).build())
                .withMessage("compressionThreshold must be >= 0 bytes, but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> ValueCodec.builder().maxDecodedSize(0).build())
                .withMessage("maxDecodedSize must be >= 1 byte, but was 0");
    }

    public static class Exploding {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void unserializableValueIsAnEncodingError() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(new Exploding()))
                .withMessageStartingWith("Cannot encode value of type " + Exploding.class.getName());
    }

    private static JsonMapper defaultTypingMapper() {
        return JsonMapper.builder().activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build(),
                DefaultTyping.NON_FINAL).build();
    }

    private static List<Profile> Collections_nCopies(int n, Profile p) {
        return java.util.Collections.nCopies(n, p);
    }

    private static byte[] prefixed(byte header, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 1];
        out[0] = header;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] withByte(byte[] bytes, int index, byte value) {
        byte[] copy = bytes.clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] withInt(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy, index, 4).putInt(value);
        return copy;
    }
}

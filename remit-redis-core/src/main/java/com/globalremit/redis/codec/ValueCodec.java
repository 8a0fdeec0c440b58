package com.globalremit.redis.codec;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes values for Redis as JSON (Jackson 3) behind a one-byte format header, LZ4-compressing large ones.
 *
 * <p><b>No default typing, ever.</b> The bytes never choose the Java class they become: the caller names the
 * target type on every {@code decode}, so a value planted in Redis by an attacker cannot instantiate a gadget
 * class (the classic Jackson polymorphic deserialization RCE). A {@link JsonMapper} with default typing activated
 * is refused.
 *
 * <p>Format, first byte:
 * <ul>
 *   <li>{@code 0x01} ({@link #HEADER_JSON}): UTF-8 JSON follows;</li>
 *   <li>{@code 0x02} ({@link #HEADER_LZ4}): the JSON's length as a 4-byte big-endian int, then one LZ4 block.</li>
 * </ul>
 * JSON text never starts with these bytes, so a value written by another client without a header is recognised
 * as foreign. Both forms are read whatever the current compression settings, so compression can be switched on or
 * off, or its threshold moved, without flushing the cache. A compressed value is only kept when it is smaller.
 * The declared length is checked against {@link #maxDecodedSize()} before anything is allocated, so a forged
 * header cannot make the reader allocate gigabytes.
 *
 * <p>Failures to decode raise {@link ValueDecodingException} (unchecked): treat it as a cache miss. Thread-safe.
 */
public final class ValueCodec {

    public static final byte HEADER_JSON = 0x01;
    public static final byte HEADER_LZ4 = 0x02;
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;
    public static final int DEFAULT_MAX_DECODED_SIZE = 64 * 1024 * 1024;

    private static final int LZ4_HEADER_LENGTH = 1 + Integer.BYTES;
    /** LZ4 cannot expand a block by more than ~255x; anything above is forged, refuse before allocating. */
    private static final int LZ4_MAX_RATIO = 256;

    /*
     * The pure-Java, bounds-checked LZ4 implementation: no native library to load, no sun.misc.Unsafe, and its
     * safe decompressor is the one not affected by CVE-2025-12183 (see docs/compression.md).
     */
    private static final LZ4Factory LZ4 = LZ4Factory.safeInstance();

    private final JsonMapper mapper;
    private final boolean compression;
    private final int compressionThreshold;
    private final int maxDecodedSize;
    private final LZ4Compressor compressor = LZ4.fastCompressor();
    private final LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();

    private ValueCodec(Builder builder) {
        this.mapper = builder.mapper == null ? defaultMapper() : refuseDefaultTyping(builder.mapper);
        this.compression = builder.compression;
        this.compressionThreshold = builder.compressionThreshold;
        this.maxDecodedSize = builder.maxDecodedSize;
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold must be >= 0 bytes, but was "
                    + compressionThreshold);
        }
        if (maxDecodedSize < 1) {
            throw new IllegalArgumentException("maxDecodedSize must be >= 1 byte, but was " + maxDecodedSize);
        }
    }

    /** Default mapper, compression of values of at least 1 KiB, 64 MiB decode limit. */
    public static ValueCodec create() {
        return builder().build();
    }

    /**
     * With the application's mapper (its modules, naming strategy...), otherwise defaults.
     *
     * @throws IllegalArgumentException when the mapper has default typing activated
     */
    public static ValueCodec of(JsonMapper mapper) {
        return builder().mapper(mapper).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mapper used when none is given: Jackson 3 defaults (java.time support built in, dates as ISO-8601
     * text), unknown properties ignored so a value cached by the previous version of a class still reads during a
     * rolling deploy, trailing garbage after the JSON rejected, and date-times read back with the offset they
     * were written with (Jackson otherwise moves an {@code OffsetDateTime} to UTC, so a cached value would not
     * equal the original).
     */
    public static JsonMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static JsonMapper refuseDefaultTyping(JsonMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        JavaType object = mapper.constructType(Object.class);
        if (mapper.serializationConfig().getDefaultTyper(object) != null
                || mapper.deserializationConfig().getDefaultTyper(object) != null) {
            throw new IllegalArgumentException("JsonMapper has default typing activated (activateDefaultTyping /"
                    + " setDefaultTyping): values read from Redis would choose their own Java class, a remote code"
                    + " execution risk. Build the mapper without it; ValueCodec.decode always takes the target"
                    + " type.");
        }
        return mapper;
    }

    /**
     * Encodes a value as header + JSON, compressed when compression is on and the JSON has at least
     * {@link #compressionThreshold()} bytes.
     *
     * @throws IllegalArgumentException for {@code null} (absence is the cache's business, not a stored value) or a
     *         value Jackson cannot serialize
     */
    public byte[] encode(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("Cannot encode null: store no value instead");
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot encode value of type " + value.getClass().getName() + " as JSON",
                    e);
        }
        if (compression && json.length >= compressionThreshold && json.length > 0) {
            byte[] compressed = compress(json);
            if (compressed != null) {
                return compressed;
            }
        }
        byte[] out = new byte[json.length + 1];
        out[0] = HEADER_JSON;
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
    }

    /** @return the LZ4 form, or null when it would not be smaller than the plain one */
    private byte[] compress(byte[] json) {
        int max = compressor.maxCompressedLength(json.length);
        byte[] out = new byte[LZ4_HEADER_LENGTH + max];
        int written = compressor.compress(json, 0, json.length, out, LZ4_HEADER_LENGTH, max);
        if (LZ4_HEADER_LENGTH + written >= json.length + 1) {
            return null;
        }
        out[0] = HEADER_LZ4;
        out[1] = (byte) (json.length >>> 24);
        out[2] = (byte) (json.length >>> 16);
        out[3] = (byte) (json.length >>> 8);
        out[4] = (byte) json.length;
        return Arrays.copyOf(out, LZ4_HEADER_LENGTH + written);
    }

    /**
     * Decodes a value into the named type.
     *
     * @return the value, or {@code null} when {@code bytes} is {@code null} (a missing key stays missing)
     * @throws ValueDecodingException when the bytes are not a value of this format and type
     */
    public <T> T decode(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return decode(bytes, mapper.constructType(type), type.getName());
    }

    /** As {@link #decode(byte[], Class)}, for generic types: {@code new TypeReference<List<Rate>>() {}}. */
    public <T> T decode(byte[] bytes, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return decode(bytes, mapper.constructType(type), typeName(type.getType()));
    }

    /** As {@link #decode(byte[], Class)}, for a type built with {@code mapper().getTypeFactory()}. */
    public <T> T decode(byte[] bytes, JavaType type) {
        Objects.requireNonNull(type, "type");
        return decode(bytes, type, type.toCanonical());
    }

    private <T> T decode(byte[] bytes, JavaType type, String typeName) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new ValueDecodingException("Cannot decode value of 0 bytes as " + typeName + ": empty value", 0,
                    -1);
        }
        int header = bytes[0] & 0xff;
        byte[] json;
        int offset;
        int length;
        if (header == HEADER_JSON) {
            json = bytes;
            offset = 1;
            length = bytes.length - 1;
        } else if (header == HEADER_LZ4) {
            json = decompress(bytes, typeName);
            offset = 0;
            length = json.length;
        } else {
            throw failure(bytes, typeName, "unknown header (not written by ValueCodec)");
        }
        T value;
        try {
            value = mapper.readValue(json, offset, length, type);
        } catch (JacksonException e) {
            throw failure(bytes, typeName, describe(e));
        } catch (RuntimeException e) {
            // e.g. a record's compact constructor rejecting a field; its message may quote the input.
            throw failure(bytes, typeName, e.getClass().getSimpleName());
        }
        if (value == null) {
            throw failure(bytes, typeName, "JSON null (ValueCodec never writes null)");
        }
        return value;
    }

    private byte[] decompress(byte[] bytes, String typeName) {
        if (bytes.length <= LZ4_HEADER_LENGTH) {
            throw failure(bytes, typeName, "truncated LZ4 header");
        }
        int declared = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8)
                | (bytes[4] & 0xff);
        int compressedLength = bytes.length - LZ4_HEADER_LENGTH;
        if (declared <= 0 || declared > maxDecodedSize) {
            throw failure(bytes, typeName, "declared decompressed length " + Integer.toUnsignedString(declared)
                    + " outside 1.." + maxDecodedSize);
        }
        if ((long) compressedLength * LZ4_MAX_RATIO + 64 < declared) {
            throw failure(bytes, typeName, "declared decompressed length " + declared + " impossible for "
                    + compressedLength + " compressed bytes");
        }
        byte[] json = new byte[declared];
        int produced;
        try {
            produced = decompressor.decompress(bytes, LZ4_HEADER_LENGTH, compressedLength, json, 0, declared);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw failure(bytes, typeName, "corrupt LZ4 block");
        }
        if (produced != declared) {
            throw failure(bytes, typeName, "LZ4 block holds " + produced + " bytes, header declared " + declared);
        }
        return json;
    }

    private static ValueDecodingException failure(byte[] bytes, String typeName, String reason) {
        int header = bytes[0] & 0xff;
        return new ValueDecodingException(String.format("Cannot decode value of %d bytes with header 0x%02X as %s:"
                + " %s", bytes.length, header, typeName, reason), bytes.length, header);
    }

    /** The kind of Jackson failure and where, without Jackson's message (it quotes the input). */
    private static String describe(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        String where = location == null || location.getByteOffset() < 0 && location.getCharOffset() < 0 ? ""
                : " at offset " + Math.max(location.getByteOffset(), location.getCharOffset());
        return e.getClass().getSimpleName() + where;
    }

    private static String typeName(Type type) {
        return type.getTypeName();
    }

    /** The mapper, e.g. to build a {@link JavaType} with {@code mapper().getTypeFactory()}. */
    public JsonMapper mapper() {
        return mapper;
    }

    public boolean compression() {
        return compression;
    }

    public int compressionThreshold() {
        return compressionThreshold;
    }

    public int maxDecodedSize() {
        return maxDecodedSize;
    }

    @Override
    public String toString() {
        return "ValueCodec[compression=" + compression + ", compressionThreshold=" + compressionThreshold
                + ", maxDecodedSize=" + maxDecodedSize + "]";
    }

    /** Builder for {@link ValueCodec}. */
    public static final class Builder {

        private JsonMapper mapper;
        private boolean compression = true;
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private int maxDecodedSize = DEFAULT_MAX_DECODED_SIZE;

        private Builder() {
        }

        /** The application's mapper; refused if it has default typing. Default: {@link ValueCodec#defaultMapper()}. */
        public Builder mapper(JsonMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Compress large values when writing (default on). Reading always understands both forms. */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** Smallest JSON size, in bytes, that gets compressed (default 1024). */
        public Builder compressionThreshold(int bytes) {
            this.compressionThreshold = bytes;
            return this;
        }

        /** Largest decompressed JSON accepted when reading (default 64 MiB); guards against decompression bombs. */
        public Builder maxDecodedSize(int bytes) {
            this.maxDecodedSize = bytes;
            return this;
        }

        public ValueCodec build() {
            return new ValueCodec(this);
        }
    }
}

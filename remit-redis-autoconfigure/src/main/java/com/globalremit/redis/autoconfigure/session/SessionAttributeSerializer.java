package com.globalremit.redis.autoconfigure.session;

import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * Turns session attribute values into bytes and back. The default uses Java serialization, like Spring Session,
 * because Spring Security's context and most framework attributes are {@code Serializable} but not JSON-friendly.
 * With attribute encryption on (the default) bytes are authenticated before they are deserialized, so a value
 * planted in Redis by someone without the key never reaches the deserializer.
 */
public interface SessionAttributeSerializer {

    byte[] serialize(Object value);

    /** @throws RuntimeException when the bytes cannot be turned back into an object (class changed, corrupt) */
    Object deserialize(byte[] bytes);

    /** Java serialization with the given class loader. */
    static SessionAttributeSerializer java(ClassLoader classLoader) {
        SerializingConverter out = new SerializingConverter();
        DeserializingConverter in = new DeserializingConverter(classLoader);
        return new SessionAttributeSerializer() {
            @Override
            public byte[] serialize(Object value) {
                return out.convert(value);
            }

            @Override
            public Object deserialize(byte[] bytes) {
                return in.convert(bytes);
            }
        };
    }
}

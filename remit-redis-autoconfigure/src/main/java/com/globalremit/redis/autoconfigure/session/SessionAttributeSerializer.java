package com.globalremit.redis.autoconfigure.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.util.List;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * Turns session attribute values into bytes and back. The default uses Java serialization, like Spring Session,
 * because Spring Security's context and most framework attributes are {@code Serializable} but not JSON-friendly.
 * With attribute encryption on (the default) bytes are authenticated before they are deserialized, so a value
 * planted in Redis by someone without the key never reaches the deserializer. Either way the deserializer reads
 * only classes on an allow-list ({@link DeserializationAllowList}), so a planted gadget chain or a forged object of
 * some other class is refused before any of its code runs.
 */
public interface SessionAttributeSerializer {

    byte[] serialize(Object value);

    /**
     * @throws RejectedClassException when the bytes hold a class that is not allowed
     * @throws RuntimeException when the bytes cannot be turned back into an object (class changed, corrupt)
     */
    Object deserialize(byte[] bytes);

    /** Java serialization with the given class loader, reading only the default allow-list. */
    static SessionAttributeSerializer java(ClassLoader classLoader) {
        return java(classLoader, DeserializationAllowList.withPackages(List.of()));
    }

    /** Java serialization with the given class loader, reading only classes {@code allowList} accepts. */
    static SessionAttributeSerializer java(ClassLoader classLoader, DeserializationAllowList allowList) {
        SerializingConverter out = new SerializingConverter();
        return new SessionAttributeSerializer() {
            @Override
            public byte[] serialize(Object value) {
                return out.convert(value);
            }

            @Override
            public Object deserialize(byte[] bytes) {
                String[] rejected = new String[1];
                try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes),
                        classLoader)) {
                    in.setObjectInputFilter(allowList.filter(bytes.length, rejected));
                    return in.readObject();
                } catch (InvalidClassException e) {
                    if (rejected[0] != null) {
                        throw new RejectedClassException(rejected[0]);
                    }
                    throw new IllegalStateException("session attribute could not be deserialized: "
                            + e.getClass().getSimpleName());
                } catch (IOException | ClassNotFoundException e) {
                    // The message of the stream could hold stored content; name the kind of failure only.
                    throw new IllegalStateException("session attribute could not be deserialized: "
                            + e.getClass().getSimpleName());
                }
            }
        };
    }

    /** The stored bytes name a class (or exceed a limit) the allow-list refuses. The message holds no content. */
    final class RejectedClassException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public RejectedClassException(String what) {
            super("not allowed for deserialization: " + what, null, false, false);
        }
    }
}

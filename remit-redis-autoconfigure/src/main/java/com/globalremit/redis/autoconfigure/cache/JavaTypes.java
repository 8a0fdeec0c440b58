package com.globalremit.redis.autoconfigure.cache;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.core.ResolvableType;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * The Jackson type a method's values are decoded into: its generic return type resolved against the bean class
 * (so {@code List<Rate>} and {@code Repository<T>}'s {@code T} decode as what they are), {@code Optional<X>}
 * unwrapped to {@code X}. Never type information from the stored data.
 */
final class JavaTypes {

    private JavaTypes() {
    }

    record ReturnType(JavaType valueType, boolean optional) { }

    static ReturnType ofReturn(Method method, Class<?> targetClass, TypeFactory types) {
        ResolvableType type = ResolvableType.forMethodReturnType(method, targetClass);
        boolean optional = Optional.class.equals(type.resolve());
        if (optional) {
            type = type.getGeneric(0);
        }
        return new ReturnType(of(type, types), optional);
    }

    static JavaType of(ResolvableType type, TypeFactory types) {
        if (type.isArray()) {
            return types.constructArrayType(of(type.getComponentType(), types));
        }
        Class<?> raw = type.resolve(Object.class);
        if (!type.hasGenerics()) {
            return types.constructType(raw);
        }
        JavaType[] parameters = Arrays.stream(type.getGenerics()).map(g -> of(g, types)).toArray(JavaType[]::new);
        return types.constructParametricType(raw, parameters);
    }
}

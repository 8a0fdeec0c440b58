package com.globalremit.redis.autoconfigure.queue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import com.globalremit.redis.queue.Job;
import com.globalremit.redis.queue.JobHandler;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds {@link RemitJobHandler} methods on beans as they are created and keeps one {@link JobHandler} per job type.
 * Two handlers for one type fail the start-up: which one ran would be an accident.
 */
public class JobHandlerRegistry implements BeanPostProcessor {

    private final Map<String, MethodHandler> methods = Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> target = AopUtils.getTargetClass(bean);
        Map<Method, RemitJobHandler> found = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<RemitJobHandler>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, RemitJobHandler.class));
        found.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            MethodHandler previous = methods.putIfAbsent(annotation.value(),
                    new MethodHandler(bean, invocable, beanName));
            if (previous != null) {
                throw new IllegalStateException("Two handlers for job type '" + annotation.value() + "': "
                        + previous.describe() + " and " + beanName + "." + method.getName());
            }
        });
        return bean;
    }

    /** Handlers from annotated methods, by type; {@code mapper} reads the payloads. */
    Map<String, JobHandler> methodHandlers(JsonMapper mapper) {
        Map<String, JobHandler> handlers = new LinkedHashMap<>();
        synchronized (methods) {
            methods.forEach((type, h) -> handlers.put(type, h.bind(mapper)));
        }
        return handlers;
    }

    /** A handler for a {@link JobTypeHandler} bean. */
    static <T> JobHandler adapt(JobTypeHandler<T> bean, JsonMapper mapper) {
        return job -> bean.handle(mapper.readValue(job.payload(), bean.payloadType()), job);
    }

    private record MethodHandler(Object bean, Method method, String beanName) {

        MethodHandler {
            int payloads = 0;
            for (Class<?> p : method.getParameterTypes()) {
                payloads += p == Job.class ? 0 : 1;
            }
            if (payloads > 1 || method.getParameterCount() > 2) {
                throw new IllegalStateException("@RemitJobHandler method " + beanName + "." + method.getName()
                        + " may take the payload and/or the Job, nothing else");
            }
            ReflectionUtils.makeAccessible(method);
        }

        String describe() {
            return beanName + "." + method.getName();
        }

        JobHandler bind(JsonMapper mapper) {
            Type[] generic = method.getGenericParameterTypes();
            JavaType[] types = new JavaType[generic.length];
            for (int i = 0; i < generic.length; i++) {
                // The declared parameter type names the class: the payload never chooses it.
                types[i] = method.getParameterTypes()[i] == Job.class ? null : mapper.constructType(generic[i]);
            }
            return job -> {
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    args[i] = types[i] == null ? job : mapper.readValue(job.payload(), types[i]);
                }
                try {
                    method.invoke(bean, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            };
        }
    }
}

package com.globalremit.redis.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * JUnit 5 extension behind {@link RemitRedis}.
 *
 * <ul>
 *   <li>The deployment starts once per annotated class (lazily, so PER_CLASS instances and constructor
 *       injection work too) and is closed after the class, even when tests fail.</li>
 *   <li>Before each test: paused processes are resumed, stopped ones restarted (same port and data
 *       directory), then all data is flushed. A test may therefore kill or pause servers freely.</li>
 *   <li>Parameters and null non-final fields of the supported types are injected; static fields in
 *       BeforeAll, instance fields when the instance is created.</li>
 *   <li>When a test or lifecycle method fails, the last {@value #LOG_LINES} log lines of every process
 *       are attached to the original throwable as a suppressed {@link RedisServerLogs}; the original
 *       is rethrown unchanged otherwise. Aborted (assumption) failures get nothing.</li>
 * </ul>
 */
public final class RemitRedisExtension implements BeforeAllCallback, BeforeEachCallback, TestInstancePostProcessor,
        ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    static final int LOG_LINES = 50;
    private static final Namespace NAMESPACE = Namespace.create(RemitRedisExtension.class);

    /** Supplies the defaults when the extension is registered without the annotation. */
    @RemitRedis
    private static final class Defaults {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        injectFields(context.getRequiredTestClass(), null, resources(context));
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        injectFields(testInstance.getClass(), testInstance, resources(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RedisDeployment deployment = resources(context).deployment();
        deployment.ensureRunning();
        deployment.flushAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RedisClassResources.supports(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resources(context).resolve(parameter.getParameter().getType());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachLogs(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachLogs(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachLogs(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachLogs(context, throwable);
    }

    /** Adds the log tails to {@code failure} if servers of this class exist; never starts any. */
    private static Throwable attachLogs(ExtensionContext context, Throwable failure) {
        ExtensionContext owner = owningContext(context);
        RedisClassResources resources = owner.getStore(NAMESPACE).get(RedisClassResources.class,
                RedisClassResources.class);
        return resources == null ? failure : attachLogs(failure, resources.deployment());
    }

    static Throwable attachLogs(Throwable failure, RedisDeployment deployment) {
        if (failure instanceof TestAbortedException) {
            return failure;
        }
        String logs;
        try {
            logs = deployment.logTail(LOG_LINES);
        } catch (RuntimeException e) {
            logs = "(could not read the Redis logs: " + e + ")";
        }
        failure.addSuppressed(new RedisServerLogs(logs));
        return failure;
    }

    private static RedisClassResources resources(ExtensionContext context) {
        ExtensionContext owner = owningContext(context);
        RemitRedis settings = settings(owner.getRequiredTestClass());
        return owner.getStore(NAMESPACE).computeIfAbsent(RedisClassResources.class,
                key -> new RedisClassResources(DeploymentFactory.start(settings)), RedisClassResources.class);
    }

    /**
     * The class-level context that owns the servers: the nearest enclosing class carrying
     * {@link RemitRedis} (so {@code @Nested} classes share their outer class's servers), else the
     * nearest class-level context.
     */
    private static ExtensionContext owningContext(ExtensionContext context) {
        ExtensionContext nearestClass = null;
        for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
            if (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()
                    || !current.getElement().equals(current.getTestClass())) {
                continue;
            }
            if (nearestClass == null) {
                nearestClass = current;
            }
            if (AnnotationSupport.findAnnotation(current.getRequiredTestClass(), RemitRedis.class).isPresent()) {
                return current;
            }
        }
        if (nearestClass == null) {
            throw new IllegalStateException("@RemitRedis needs a test class context, got " + context.getUniqueId());
        }
        return nearestClass;
    }

    private static RemitRedis settings(Class<?> testClass) {
        Optional<RemitRedis> annotation = AnnotationSupport.findAnnotation(testClass, RemitRedis.class);
        return annotation.orElseGet(() -> Defaults.class.getAnnotation(RemitRedis.class));
    }

    /** Fills null, non-final fields of supported types; static ones when {@code instance} is null. */
    private static void injectFields(Class<?> type, Object instance, RedisClassResources resources)
            throws IllegalAccessException {
        boolean statics = instance == null;
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) != statics || Modifier.isFinal(modifiers) || field.isSynthetic()
                        || !RedisClassResources.supports(field.getType())) {
                    continue;
                }
                field.setAccessible(true);
                if (field.get(instance) == null) {
                    field.set(instance, resources.resolve(field.getType()));
                }
            }
        }
    }
}

package com.globalremit.redis.autoconfigure.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.codec.ValueCodec;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.queue.JobHandler;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.RedisJobQueue;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Job queues: a {@link JobQueue} bean to enqueue, workers for {@link RemitJobHandler} methods and
 * {@link JobTypeHandler} beans that start and stop with the context, Micrometer meters and the {@code remitqueue}
 * Actuator endpoint. Off with {@code remit.redis.queue.enabled=false}.
 */
@AutoConfiguration(after = RemitRedisConnectionAutoConfiguration.class)
@ConditionalOnClass(RedisJobQueue.class)
@ConditionalOnBean(RemitRedisClient.class)
@ConditionalOnBooleanProperty(name = "remit.redis.queue.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RemitQueueProperties.class)
public class RemitQueueAutoConfiguration {

    @Bean
    static JobHandlerRegistry remitJobHandlerRegistry() {
        return new JobHandlerRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    JobQueue remitJobQueue(RemitRedisConnections connections, KeyNaming naming, ValueCodec codec,
            RemitQueueProperties properties) {
        RemitRedisClient client = connections.client(RemitRedisConnections.Feature.QUEUE);
        QueueOptionsFactory factory = new QueueOptionsFactory(properties);
        List<RedisJobQueue> queues = new ArrayList<>();
        for (String name : factory.queueNames()) {
            // queueOptions reports a bad name under the property that set it.
            queues.add(RedisJobQueue.create(client, factory.queueOptions(name, naming), codec.mapper()));
        }
        return new JobQueue(queues, factory.queueByType(), properties.getDefaultQueue());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "remit.redis.queue.workers-enabled", matchIfMissing = true)
    JobWorkersLifecycle remitJobWorkers(JobQueue jobQueue, JobHandlerRegistry registry,
            ObjectProvider<JobTypeHandler<?>> typeHandlers, RemitQueueProperties properties) {
        QueueOptionsFactory factory = new QueueOptionsFactory(properties);
        return new JobWorkersLifecycle(jobQueue, () -> handlers(jobQueue, registry, typeHandlers),
                q -> factory.workerOptions(q.name()));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "remit.redis.queue.check-eviction-policy", matchIfMissing = true)
    SmartInitializingSingleton remitQueueEvictionPolicyCheck(RemitRedisConnections connections) {
        return () -> EvictionPolicyCheck.check(connections.client(RemitRedisConnections.Feature.QUEUE));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemitQueueMetrics remitQueueMetrics(JobQueue jobQueue) {
            return new RemitQueueMetrics(jobQueue);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemitQueueEndpoint remitQueueEndpoint(JobQueue jobQueue) {
            return new RemitQueueEndpoint(jobQueue);
        }
    }

    /** Annotated methods and handler beans by type; one type with two handlers fails the start. */
    static Map<String, JobHandler> handlers(JobQueue jobQueue, JobHandlerRegistry registry,
            ObjectProvider<JobTypeHandler<?>> typeHandlers) {
        Map<String, JobHandler> all = new LinkedHashMap<>(registry.methodHandlers(jobQueue.defaultQueue().mapper()));
        typeHandlers.orderedStream().forEach(h -> {
            if (all.putIfAbsent(h.jobType(), JobHandlerRegistry.adapt(h, jobQueue.queueFor(h.jobType()).mapper()))
                    != null) {
                throw new IllegalStateException("Two handlers for job type '" + h.jobType() + "'");
            }
        });
        return all;
    }
}

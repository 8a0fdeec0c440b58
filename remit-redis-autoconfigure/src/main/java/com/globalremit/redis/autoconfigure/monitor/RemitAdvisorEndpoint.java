package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.monitor.AdvisorReport;
import com.globalremit.redis.monitor.ConfigurationAdvisor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remitadvisor}: runs the configuration advisor now (a handful of read-only commands per node)
 * and returns its findings. It never changes the server's configuration.
 */
@Endpoint(id = "remitadvisor")
public class RemitAdvisorEndpoint {

    private final ConfigurationAdvisor advisor;

    public RemitAdvisorEndpoint(ConfigurationAdvisor advisor) {
        this.advisor = advisor;
    }

    @ReadOperation
    public AdvisorReport advice() {
        return advisor.advise();
    }
}

package com.globalremit.redis.autoconfigure.monitor;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remitadvisor}: runs the configuration advisor now (a handful of read-only commands per node)
 * on every Redis the application uses (the shared one and each feature's own) and returns each server's
 * address, features and findings. It never changes the server's configuration.
 */
@Endpoint(id = "remitadvisor")
public class RemitAdvisorEndpoint {

    private final ServersAdvisor advisor;

    public RemitAdvisorEndpoint(ServersAdvisor advisor) {
        this.advisor = advisor;
    }

    @ReadOperation
    public ServersAdvisor.Advice advice() {
        return advisor.advise();
    }
}

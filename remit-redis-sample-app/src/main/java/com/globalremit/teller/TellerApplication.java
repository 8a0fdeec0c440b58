package com.globalremit.teller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Global Remit teller service: a sample Spring Boot application that uses every remit-redis feature.
 */
@SpringBootApplication
public class TellerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TellerApplication.class);
        // Before any bean is created, make sure a Redis answers (dev only, see DevRedisListener).
        application.addListeners(new DevRedisListener());
        application.run(args);
    }
}

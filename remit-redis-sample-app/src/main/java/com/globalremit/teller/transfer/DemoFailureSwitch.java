package com.globalremit.teller.transfer;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Demo only: when on, the compliance-check handler fails, so its jobs use up their retries and reach the dead
 * letters. Start value from {@code teller.queue.demo.fail-compliance}; flipped with
 * {@code PUT /api/transfers/demo/fail-compliance?enabled=...}.
 */
@Component
public class DemoFailureSwitch {

    private final AtomicBoolean failCompliance;

    DemoFailureSwitch(@Value("${teller.queue.demo.fail-compliance:false}") boolean failCompliance) {
        this.failCompliance = new AtomicBoolean(failCompliance);
    }

    public boolean failCompliance() {
        return failCompliance.get();
    }

    public void failCompliance(boolean on) {
        failCompliance.set(on);
    }
}

package com.globalremit.teller.cache;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes a client's KYC status; the event it publishes invalidates the client's cache entries everywhere. */
@Service
public class KycService {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    KycService(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional
    public boolean updateKycStatus(long clientId, String status) {
        int updated = jdbc.sql("UPDATE client SET kyc_status = ? WHERE id = ?").param(status).param(clientId).update();
        if (updated == 1) {
            events.publishEvent(new ClientKycStatusChanged(clientId, status));
        }
        return updated == 1;
    }
}

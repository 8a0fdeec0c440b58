package com.globalremit.teller.cache;

import com.globalremit.redis.autoconfigure.cache.RemitCached;
import com.globalremit.teller.cache.TellerRecords.AccountBalance;
import com.globalremit.teller.cache.TellerRecords.ClientProfile;
import com.globalremit.teller.cache.TellerRecords.Country;
import com.globalremit.teller.cache.TellerRecords.ExchangeRate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads from the teller database, cached in Redis per data type (TTLs from teller-cache.yml and the defaults). */
@Service
public class TellerDirectory {

    private final JdbcClient jdbc;
    private final AtomicLong databaseReads = new AtomicLong();

    TellerDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @RemitCached(type = "client-profile", key = "#clientId")
    public Optional<ClientProfile> client(long clientId) {
        databaseReads.incrementAndGet();
        return jdbc.sql("SELECT id, name, country, kyc_status FROM client WHERE id = ?").param(clientId)
                .query(ClientProfile.class).optional();
    }

    @RemitCached(type = "account-balance", key = "#accountId")
    public Optional<AccountBalance> balance(String accountId) {
        databaseReads.incrementAndGet();
        return jdbc.sql("SELECT id, client_id, currency, balance FROM account WHERE id = ?").param(accountId)
                .query(AccountBalance.class).optional();
    }

    @RemitCached(type = "exchange-rate", key = "#from", qualifier = "#to")
    public Optional<ExchangeRate> rate(String from, String to) {
        databaseReads.incrementAndGet();
        return jdbc.sql("SELECT from_currency, to_currency, rate FROM exchange_rate WHERE from_currency = ? AND to_currency = ?")
                .param(from).param(to).query(ExchangeRate.class).optional();
    }

    @RemitCached(type = "country-list")
    public List<Country> countries() {
        databaseReads.incrementAndGet();
        return jdbc.sql("SELECT code, name, currency FROM country ORDER BY code").query(Country.class).list();
    }

    /** How often the database was asked, to show (and test) what the cache saves. */
    public long databaseReads() {
        return databaseReads.get();
    }
}

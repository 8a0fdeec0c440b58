package com.globalremit.teller.cache;

import java.math.BigDecimal;

/** What the teller screens show; immutable, since cached copies are shared between callers. */
final class TellerRecords {

    private TellerRecords() {
    }

    record ClientProfile(long id, String name, String country, String kycStatus) { }

    record AccountBalance(String id, long clientId, String currency, BigDecimal balance) { }

    record ExchangeRate(String fromCurrency, String toCurrency, BigDecimal rate) { }

    record Country(String code, String name, String currency) { }
}

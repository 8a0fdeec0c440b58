package com.globalremit.teller.cache;

import com.globalremit.teller.cache.TellerRecords.AccountBalance;
import com.globalremit.teller.cache.TellerRecords.ClientProfile;
import com.globalremit.teller.cache.TellerRecords.Country;
import com.globalremit.teller.cache.TellerRecords.ExchangeRate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Teller screens backed by the cached directory. */
@RestController
@RequestMapping("/api")
class TellerCacheController {

    record KycUpdate(String status) { }

    private final TellerDirectory directory;
    private final KycService kyc;

    TellerCacheController(TellerDirectory directory, KycService kyc) {
        this.directory = directory;
        this.kyc = kyc;
    }

    @GetMapping("/clients/{id}")
    ResponseEntity<ClientProfile> client(@PathVariable long id) {
        return ResponseEntity.of(directory.client(id));
    }

    @PutMapping("/clients/{id}/kyc")
    ResponseEntity<Void> updateKyc(@PathVariable long id, @RequestBody KycUpdate update) {
        return kyc.updateKycStatus(id, update.status()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @GetMapping("/accounts/{id}/balance")
    ResponseEntity<AccountBalance> balance(@PathVariable String id) {
        return ResponseEntity.of(directory.balance(id));
    }

    @GetMapping("/rates/{from}/{to}")
    ResponseEntity<ExchangeRate> rate(@PathVariable String from, @PathVariable String to) {
        return ResponseEntity.of(directory.rate(from, to));
    }

    @GetMapping("/countries")
    List<Country> countries() {
        return directory.countries();
    }
}

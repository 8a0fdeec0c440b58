package com.globalremit.teller.transfer;

/** The body of POST /api/transfers and the payload of the transaction-processing job. */
public record TransferRequest(String fromAccount, String toAccount, long amountCents, String currency) {
}

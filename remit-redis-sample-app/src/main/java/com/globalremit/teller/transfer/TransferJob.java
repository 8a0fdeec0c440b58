package com.globalremit.teller.transfer;

/** Payload of the notification and compliance-check jobs: which transfer they are about. */
public record TransferJob(String transferId) {
}

package org.mexicop2p.settlement.payment;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** The receipt that settled an order; its replay key (SHA-256 of the signed cadena) is unique forever. */
@MappedEntity("settled_receipt")
public record SettledReceipt(@Id String replayKey, UUID orderId, UUID receiptId, Instant settledAt) {
}

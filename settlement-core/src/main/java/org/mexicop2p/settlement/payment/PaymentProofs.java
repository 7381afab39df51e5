package org.mexicop2p.settlement.payment;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.clabe.Clabe;
import org.mexicop2p.cep.portal.PortalQuery;
import org.mexicop2p.cep.portal.PortalResult;
import org.mexicop2p.cep.receipt.CepXmlParser;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.CreditWindow;
import org.mexicop2p.cep.verify.MatchResult;
import org.mexicop2p.cep.verify.PaymentExpectation;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Proves a LOCKED order was paid: judges a CEP (uploaded, or fetched from Banxico by {@link BanxicoFetcher}) and, for
 * a VALID receipt matching the order, inserts the receipt, its replay key and {@code PAYMENT_VERIFIED} in one
 * transaction. Every judged receipt is stored with its verdict as dispute evidence. Requests that are not about a
 * receipt (unknown order, order not LOCKED, oversize body, bad SPEI details) are refused with a
 * {@link RejectedException} before anything is written.
 */
@Singleton
public class PaymentProofs {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentProofs.class);
    private static final int MAX_DETAIL_CHARS = 512;

    private final OrderRepository orders;
    private final LockWindows lockWindows;
    private final OrderFacts facts;
    private final CepTrust trust;
    private final PaymentReceiptRepository receipts;
    private final SettledReceiptRepository settled;
    private final PaymentFetchRepository fetches;
    private final PaymentSettings settings;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public PaymentProofs(OrderRepository orders, LockWindows lockWindows, OrderFacts facts, CepTrust trust,
                         PaymentReceiptRepository receipts, SettledReceiptRepository settled,
                         PaymentFetchRepository fetches, PaymentSettings settings,
                         TransactionOperations<Connection> tx, Clock clock) {
        this.orders = orders;
        this.lockWindows = lockWindows;
        this.facts = facts;
        this.trust = trust;
        this.receipts = receipts;
        this.settled = settled;
        this.fetches = fetches;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** A LOCKED order and its current lock window. */
    record Locked(SettlementOrder order, LockWindow window) {
    }

    /** Judges a CEP XML the buyer uploaded for {@code orderId}. */
    public ProofOutcome submitReceipt(UUID orderId, byte[] xml) {
        Locked locked = requireLocked(orderId);
        if (xml == null || xml.length == 0) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "send the CEP XML as the request body");
        }
        if (xml.length > CepXmlParser.MAX_RECEIPT_BYTES) {
            // Not stored: a body this size is not a CEP and evidence rows stay bounded.
            throw new RejectedException(Rejection.VALIDATION_ERROR,
                    "a CEP is at most " + CepXmlParser.MAX_RECEIPT_BYTES + " bytes");
        }
        CepVerification verification = CepVerifier.verify(xml, trust.forUpload());
        return judge(locked, verification, xml, ReceiptSource.UPLOAD, null, receipt -> { });
    }

    /**
     * Starts (or joins) a Banxico fetch for the payment {@code details} describe. Answers PENDING with the fetch id,
     * or REJECTED at once when the amount is not the order's.
     */
    public ProofOutcome requestFetch(UUID orderId, SpeiDetails details) {
        Locked locked = requireLocked(orderId);
        SettlementOrder order = locked.order();
        if (details.amountCentavos() != order.grossCentavos()) {
            return new ProofOutcome(ProofVerdict.REJECTED, "AMOUNT_MISMATCH", "the order is paid with exactly "
                    + order.grossCentavos() + " centavos, not " + details.amountCentavos(), orderId, null, null);
        }
        Clabe clabe = Clabe.parse(order.clabe());
        PortalQuery query;
        try {
            query = new PortalQuery(details.creditDate(), details.trackingKey(), details.senderParticipant(),
                    clabe.participant().speiCode(), clabe.digits(), order.grossCentavos());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, e.getMessage());
        }
        Optional<PaymentFetch> running = fetches.findByPendingOrderId(orderId);
        if (running.isPresent()) {
            return joinRunning(running.get(), query);
        }
        Instant now = clock.instant();
        Instant giveUpAt = locked.window().lockExpiry().plus(settings.fetchGrace());
        PaymentFetch fetch = new PaymentFetch(UUID.randomUUID(), orderId, orderId, FetchStatus.PENDING,
                query.trackingKey(), query.creditDate(), query.senderParticipant(), query.receiverParticipant(),
                query.beneficiaryAccount(), query.amountCentavos(), 0, null, null, null, null, now, giveUpAt, now,
                now, null);
        try {
            fetches.save(fetch);
        } catch (DataAccessException e) {
            // Another request started a fetch for this order between our read and our insert.
            return joinRunning(fetches.findByPendingOrderId(orderId).orElseThrow(() -> e), query);
        }
        LOG.info("order {}: Banxico fetch {} queued for tracking key {}", orderId, fetch.id(), query.trackingKey());
        return pending(fetch);
    }

    /** Where a fetch of {@code orderId} stands. */
    public ProofOutcome fetchStatus(UUID orderId, UUID fetchId) {
        PaymentFetch fetch = fetches.findByIdAndOrderId(fetchId, orderId).orElseThrow(() ->
                new RejectedException(Rejection.NOT_FOUND, "no such payment fetch for this order"));
        if (fetch.status() == FetchStatus.PENDING) {
            return pending(fetch);
        }
        ProofVerdict verdict = fetch.status() == FetchStatus.VERIFIED ? ProofVerdict.VERIFIED : ProofVerdict.REJECTED;
        return new ProofOutcome(verdict, fetch.reason(), fetch.detail(), orderId, fetch.receiptId(), fetch.id());
    }

    /**
     * Judges the receipt a claimed fetch downloaded ({@code result}, FOUND), finishing the fetch in the same
     * transaction. Called by {@link BanxicoFetcher} only.
     */
    void judgeFetched(PaymentFetch fetch, PortalResult result) {
        PortalQuery query = fetch.query();
        byte[] xml = result.receiptXml();
        CepVerification verification = CepVerifier.verify(xml, trust.forFetched(result));
        Consumer<PaymentReceipt> finish = receipt -> fetches.update(fetch.finished(
                receipt.verdict() == ProofVerdict.VERIFIED ? FetchStatus.VERIFIED : FetchStatus.REJECTED, "FOUND",
                receipt.reason(), receipt.detail(), receipt.id(), clock.instant()));
        Optional<Locked> locked = locked(fetch.orderId());
        if (locked.isEmpty()) {
            // Keep the receipt as evidence even though the order moved on (lock expired, dispute opened).
            SettlementOrder order = orders.findById(fetch.orderId()).orElseThrow();
            tx.executeWrite(status -> {
                finish.accept(store(order.id(), verification, xml, ReceiptSource.BANXICO_FETCH, query,
                        ProofVerdict.REJECTED, ProofReason.ORDER_NOT_LOCKED.name(),
                        "the order is " + order.status() + ", no longer LOCKED"));
                return null;
            });
            return;
        }
        judge(locked.get(), verification, xml, ReceiptSource.BANXICO_FETCH, query, finish);
    }

    private ProofOutcome joinRunning(PaymentFetch running, PortalQuery query) {
        boolean same = running.trackingKey().equals(query.trackingKey())
                && running.creditDate().equals(query.creditDate())
                && running.senderParticipant().equals(query.senderParticipant());
        if (!same) {
            throw new RejectedException(Rejection.FETCH_IN_PROGRESS, "a Banxico fetch with other SPEI details is "
                    + "still running for this order (fetch " + running.id() + "); wait for its verdict");
        }
        return pending(running);
    }

    private static ProofOutcome pending(PaymentFetch fetch) {
        String detail = fetch.attempts() == 0 ? "queued for Banxico's portal"
                : "Banxico's portal answered " + fetch.lastOutcome() + " after " + fetch.attempts()
                + " attempt(s); next try at " + fetch.nextAttemptAt();
        return new ProofOutcome(ProofVerdict.PENDING, null, detail, fetch.orderId(), null, fetch.id());
    }

    private Locked requireLocked(UUID orderId) {
        SettlementOrder order = orders.findById(orderId).orElseThrow(() ->
                new RejectedException(Rejection.NOT_FOUND, "no such order"));
        return locked(order).orElseThrow(() -> new RejectedException(Rejection.ORDER_NOT_LOCKED,
                "the order is " + order.status() + "; a payment proof is taken only while it is LOCKED"));
    }

    private Optional<Locked> locked(UUID orderId) {
        return orders.findById(orderId).flatMap(this::locked);
    }

    private Optional<Locked> locked(SettlementOrder order) {
        if (order.status() != OrderStatus.LOCKED) {
            return Optional.empty();
        }
        return lockWindows.current(order.id()).map(window -> new Locked(order, window));
    }

    /**
     * The decision: the file first (signature, edits, certificate), then replay (a receipt that settled any order
     * gets its own code whatever else it claims), then the payment (amount, CLABE, window), then the settlement.
     */
    private ProofOutcome judge(Locked locked, CepVerification verification, byte[] xml, ReceiptSource source,
                               PortalQuery query, Consumer<PaymentReceipt> inSameTransaction) {
        UUID orderId = locked.order().id();
        if (!verification.isValid()) {
            return reject(orderId, verification, xml, source, query, verification.reason().name(),
                    verification.detail(), inSameTransaction);
        }
        Optional<ProofOutcome> replay = replayed(orderId, verification, xml, source, query, inSameTransaction);
        if (replay.isPresent()) {
            return replay.get();
        }
        MatchResult match = expectation(locked).match(verification);
        if (!match.matched()) {
            return reject(orderId, verification, xml, source, query, match.reason().name(), match.detail(),
                    inSameTransaction);
        }
        try {
            return tx.executeWrite(status -> {
                PaymentReceipt receipt = store(orderId, verification, xml, source, query, ProofVerdict.VERIFIED,
                        ProofReason.VERIFIED.name(), "pays the order: " + match.detail());
                settled.save(new SettledReceipt(verification.replayKey(), orderId, receipt.id(), clock.instant()));
                FactResult result = facts.apply(new OrderFact(orderId, OrderInput.PAYMENT_VERIFIED,
                        "cep:" + verification.replayKey(), factDetails(receipt, verification)));
                if (result.code() != FactResult.Code.APPLIED) {
                    throw new LifecycleRefused(result);
                }
                inSameTransaction.accept(receipt);
                LOG.info("order {}: payment verified by receipt {} ({})", orderId, receipt.id(), source);
                return new ProofOutcome(ProofVerdict.VERIFIED, ProofReason.VERIFIED.name(), receipt.detail(),
                        orderId, receipt.id(), null);
            });
        } catch (LifecycleRefused e) {
            return reject(orderId, verification, xml, source, query, ProofReason.ORDER_NOT_LOCKED.name(),
                    "the lifecycle refused the payment: " + e.result, inSameTransaction);
        } catch (DataAccessException e) {
            // The replay key (or this order's settled slot) was taken by a concurrent proof between our check and
            // our insert; the unique constraints decided, so answer as a replay.
            return replayed(orderId, verification, xml, source, query, inSameTransaction).orElseThrow(() -> e);
        }
    }

    private Optional<ProofOutcome> replayed(UUID orderId, CepVerification verification, byte[] xml,
                                            ReceiptSource source, PortalQuery query,
                                            Consumer<PaymentReceipt> inSameTransaction) {
        Optional<SettledReceipt> byKey = settled.findById(verification.replayKey());
        if (byKey.isPresent() && !byKey.get().orderId().equals(orderId)) {
            return Optional.of(reject(orderId, verification, xml, source, query,
                    ProofReason.RECEIPT_SETTLED_ANOTHER_ORDER.name(),
                    "this receipt already settled another order; one receipt settles one order", inSameTransaction));
        }
        if (byKey.isPresent() || settled.findByOrderId(orderId).isPresent()) {
            return Optional.of(reject(orderId, verification, xml, source, query,
                    ProofReason.ORDER_NOT_LOCKED.name(), "this order's payment is already verified",
                    inSameTransaction));
        }
        return Optional.empty();
    }

    private ProofOutcome reject(UUID orderId, CepVerification verification, byte[] xml, ReceiptSource source,
                                PortalQuery query, String reason, String detail,
                                Consumer<PaymentReceipt> inSameTransaction) {
        PaymentReceipt receipt = tx.executeWrite(status -> {
            PaymentReceipt stored = store(orderId, verification, xml, source, query, ProofVerdict.REJECTED, reason,
                    detail);
            inSameTransaction.accept(stored);
            return stored;
        });
        LOG.info("order {}: receipt {} rejected: {}", orderId, receipt.id(), reason);
        return new ProofOutcome(ProofVerdict.REJECTED, reason, receipt.detail(), orderId, receipt.id(), null);
    }

    private PaymentReceipt store(UUID orderId, CepVerification verification, byte[] xml, ReceiptSource source,
                                 PortalQuery query, ProofVerdict verdict, String reason, String detail) {
        String certificate = verification.facts() == null ? null : verification.facts().certificateNumber();
        String trackingKey = query != null ? query.trackingKey() : boundedTrackingKey(verification.trackingKey());
        return receipts.save(new PaymentReceipt(UUID.randomUUID(), orderId, source, verification.replayKey(),
                verdict, reason, bounded(detail), certificate, trackingKey, query != null, xml, clock.instant()));
    }

    private PaymentExpectation expectation(Locked locked) {
        SettlementOrder order = locked.order();
        return PaymentExpectation.of(order.grossCentavos(), Clabe.parse(order.clabe()),
                new CreditWindow(locked.window().lockedAt(), locked.window().lockExpiry()));
    }

    private static Map<String, String> factDetails(PaymentReceipt receipt, CepVerification verification) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("cepReplayKey", verification.replayKey());
        details.put("receiptId", receipt.id().toString());
        details.put("receiptSource", receipt.source().name());
        details.put("certificateNumber", verification.facts().certificateNumber());
        details.put("amountCentavos", Long.toString(verification.facts().amountCentavos()));
        details.put("creditedAt", verification.facts().creditedAt().toInstant().toString());
        if (receipt.trackingKey() != null) {
            details.put("trackingKey", receipt.trackingKey());
            details.put("trackingKeyTrusted", Boolean.toString(receipt.trackingKeyTrusted()));
        }
        return details;
    }

    /** An unsigned tracking key from a file is only a hint; store it only when it has the SPEI shape. */
    private static String boundedTrackingKey(String key) {
        return key != null && key.length() <= 30 && key.chars().allMatch(Character::isLetterOrDigit) ? key : null;
    }

    private static String bounded(String detail) {
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS);
    }

    /** Rolls the settlement transaction back when the lifecycle does not take PAYMENT_VERIFIED. */
    private static final class LifecycleRefused extends RuntimeException {
        private final transient FactResult result;

        LifecycleRefused(FactResult result) {
            super(result.toString(), null, false, false);
            this.result = result;
        }
    }
}

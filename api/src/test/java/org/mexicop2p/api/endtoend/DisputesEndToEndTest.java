package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every dispute outcome end to end: the buyer opens a dispute on-chain, the watcher brings the order to DISPUTED, an
 * operator decides through the admin API, the engine pays out on-chain through the arbiter, and the chain's
 * {@code DisputeResolved} settles the order. Reputation (the loser −50, nobody on a no-fault outcome) and revenue
 * (booked only when the buyer gets the crypto) are read back through the APIs.
 *
 * <p>All five disputes are opened in {@link #openDisputes()}, so their on-chain round trips overlap.
 */
@DatabaseTest
class DisputesEndToEndTest extends EndToEndTest {

    /** A disputed trade and its parties. */
    private record Disputed(Trade trade, BigInteger seller, BigInteger buyer) {
    }

    private Disputed forBuyer;
    private Disputed forSeller;
    private Disputed noFaultRelease;
    private Disputed noFaultRefund;
    private Disputed noFaultRetry;

    @BeforeAll
    void openDisputes() {
        List<Trade> trades = List.of(driver.newOrder(), driver.newOrder(), driver.newOrder(), driver.newOrder(),
                driver.newOrder());
        List<BigInteger> sellers = trades.stream().map(driver::deposit).toList();
        trades.forEach(t -> driver.awaitStatus(t, "ACTIVE"));
        List<BigInteger> buyers = trades.stream().map(t -> driver.lock(t, 3_600)).toList();
        trades.forEach(t -> driver.awaitStatus(t, "LOCKED"));
        trades.forEach(t -> driver.openDispute(t, "buyer"));
        trades.forEach(t -> driver.awaitStatus(t, "DISPUTED"));
        forBuyer = new Disputed(trades.get(0), sellers.get(0), buyers.get(0));
        forSeller = new Disputed(trades.get(1), sellers.get(1), buyers.get(1));
        noFaultRelease = new Disputed(trades.get(2), sellers.get(2), buyers.get(2));
        noFaultRefund = new Disputed(trades.get(3), sellers.get(3), buyers.get(3));
        noFaultRetry = new Disputed(trades.get(4), sellers.get(4), buyers.get(4));
        resolve(forBuyer, "FOR_BUYER");
        resolve(forSeller, "FOR_SELLER");
        resolve(noFaultRelease, "NO_FAULT_RELEASE");
        resolve(noFaultRefund, "NO_FAULT_REFUND");
        resolve(noFaultRetry, "NO_FAULT_RETRY");
    }

    private void resolve(Disputed disputed, String outcome) {
        Reply listed = driver.disputes();
        assertEquals(200, listed.status(), listed.raw());
        assertTrue(listed.raw().contains(disputed.trade().id()), "open disputes list the order: " + listed.raw());
        Reply decided = driver.resolveDispute(disputed.trade(), outcome, "ana@ops", "CEP evidence reviewed: "
                + outcome);
        assertEquals(200, decided.status(), decided.raw());
    }

    /** The admin API's view of the order: its parties' reputation and who decided what, and why. */
    @SuppressWarnings("unchecked")
    private void assertDecisionAndReputation(Disputed disputed, String outcome, int sellerReputation,
                                             int buyerReputation) {
        Reply evidence = driver.dispute(disputed.trade());
        assertEquals(200, evidence.status(), evidence.raw());
        assertEquals(Map.of("address", hex(disputed.seller()), "reputation", sellerReputation),
                evidence.get("seller"));
        assertEquals(Map.of("address", hex(disputed.buyer()), "reputation", buyerReputation),
                evidence.get("buyer"));
        Map<String, Object> decision = ((List<Map<String, Object>>) evidence.get("timeline")).stream()
                .filter(step -> ((String) step.get("event")).startsWith("ADMIN_")).findFirst().orElseThrow();
        assertEquals("admin:ana@ops", decision.get("source"));
        assertTrue(((String) decision.get("details")).contains("CEP evidence reviewed: " + outcome),
                decision.toString());
        assertTrue(!((List<?>) evidence.get("chainEvents")).isEmpty(), "the chain evidence is attached");
    }

    private static String hex(BigInteger address) {
        return "0x" + address.toString(16);
    }

    @SuppressWarnings("unchecked")
    private boolean revenueBooked(Trade trade) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Reply revenue = driver.revenue(trade.partner(), today.minusDays(1), today.plusDays(1));
        assertEquals(200, revenue.status(), revenue.raw());
        return ((List<Map<String, Object>>) revenue.get("entries")).stream()
                .anyMatch(e -> trade.id().equals(e.get("orderId")));
    }

    private void assertPaidTo(Disputed disputed, boolean buyerGotIt) {
        Trade trade = disputed.trade();
        assertEquals(buyerGotIt ? EscrowOrder.RELEASED : EscrowOrder.REFUNDED, driver.escrowOrder(trade).status());
        assertEquals(buyerGotIt ? trade.amountBaseUnits() : BigInteger.ZERO,
                driver.balance(trade.tokenAddress(), disputed.buyer()));
        assertEquals(buyerGotIt ? BigInteger.ZERO : trade.amountBaseUnits(),
                driver.balance(trade.tokenAddress(), disputed.seller()));
        assertEquals(buyerGotIt, revenueBooked(trade), "revenue is booked exactly when the trade completes");
    }

    @Test
    void forTheBuyerTheCryptoIsReleasedAndTheSellerLosesReputation() {
        driver.awaitStatus(forBuyer.trade(), "COMPLETED");
        assertPaidTo(forBuyer, true);
        assertDecisionAndReputation(forBuyer, "FOR_BUYER", -50, 0);
        driver.awaitWebhooks(forBuyer.trade(), "order.created", "order.deposit_confirmed", "order.locked",
                "order.disputed", "order.dispute_resolved", "order.completed");
    }

    @Test
    void forTheSellerTheCryptoIsRefundedAndTheBuyerLosesReputation() {
        driver.awaitStatus(forSeller.trade(), "REFUNDED");
        assertPaidTo(forSeller, false);
        assertDecisionAndReputation(forSeller, "FOR_SELLER", 0, -50);
        driver.awaitWebhooks(forSeller.trade(), "order.created", "order.deposit_confirmed", "order.locked",
                "order.disputed", "order.dispute_resolved", "order.refunded");
    }

    @Test
    void noFaultReleasePaysTheBuyerWithoutPenalty() {
        driver.awaitStatus(noFaultRelease.trade(), "COMPLETED");
        assertPaidTo(noFaultRelease, true);
        assertDecisionAndReputation(noFaultRelease, "NO_FAULT_RELEASE", 0, 0);
        driver.awaitWebhooks(noFaultRelease.trade(), "order.created", "order.deposit_confirmed", "order.locked",
                "order.disputed", "order.dispute_resolved", "order.completed");
    }

    @Test
    void noFaultRefundPaysTheSellerBackWithoutPenalty() {
        driver.awaitStatus(noFaultRefund.trade(), "REFUNDED");
        assertPaidTo(noFaultRefund, false);
        assertDecisionAndReputation(noFaultRefund, "NO_FAULT_REFUND", 0, 0);
        driver.awaitWebhooks(noFaultRefund.trade(), "order.created", "order.deposit_confirmed", "order.locked",
                "order.disputed", "order.dispute_resolved", "order.refunded");
    }

    @Test
    void noFaultRetryReopensTheLockAndALaterValidPaymentCompletesTheTrade() {
        Trade trade = noFaultRetry.trade();
        driver.awaitStatus(trade, "LOCKED");
        assertDecisionAndReputation(noFaultRetry, "NO_FAULT_RETRY", 0, 0);
        assertEquals(EscrowOrder.DISPUTED, driver.escrowOrder(trade).status(),
                "on-chain the escrow stays disputed; only the arbiter pays it out");
        driver.awaitWebhooks(trade, "order.created", "order.deposit_confirmed", "order.locked", "order.disputed",
                "order.dispute_resolved");

        // The fresh window starts at the retry: the buyer pays now and proves it.
        byte[] cep = driver.downloadCep(driver.pay(trade));
        Reply verdict = driver.uploadProof(trade, cep);
        assertEquals(200, verdict.status(), verdict.raw());
        driver.awaitStatus(trade, "COMPLETED");
        assertPaidTo(noFaultRetry, true);
        driver.awaitWebhooks(trade, "order.created", "order.deposit_confirmed", "order.locked", "order.disputed",
                "order.dispute_resolved", "order.payment_verified", "order.completed");
    }
}

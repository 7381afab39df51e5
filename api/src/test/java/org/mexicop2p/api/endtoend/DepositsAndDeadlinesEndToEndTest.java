package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mexicop2p.api.endtoend.TradeDriver.Webhook;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deposits that do not match and every deadline, each left to the engine's own timers (Quartz, wall clock): no
 * deposit, no buyer, a lock that runs out, and a payment proven late but before the deadline.
 *
 * <p>All trades start in {@link #startTrades()}, so their deadlines run down together and the class waits about as
 * long as its longest deadline, not their sum. "Late" follows the issue and DESIGN.md: the lock's deadline is the
 * on-chain {@code lock_expiry} plus the configured grace; a payment verified after {@code lock_expiry} but before that
 * deadline must win over the refund timer. (The test node's clock lags the wall clock, see {@link EndToEndHarness}, so
 * a 300 s lock's {@code lock_expiry} is a few seconds of wall time away.)
 */
@DatabaseTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DepositsAndDeadlinesEndToEndTest extends EndToEndTest {

    private static final long DEPOSIT_TIMEOUT_MS = 8_000;
    private static final long LISTING_TIMEOUT_MS = 8_000;
    private static final long LOCK_GRACE_MS = 6_000;
    private static final Duration WAIT = Duration.ofSeconds(45);

    private Trade noDeposit;
    private Instant noDepositCreatedAt;
    private Trade noBuyer;
    private BigInteger noBuyerSeller;
    private Trade lockRunsOut;
    private BigInteger lockRunsOutSeller;
    private BigInteger lockRunsOutBuyer;
    private Trade paidLate;
    private BigInteger paidLateBuyer;
    private SpeiPayment latePayment;
    private Trade wrongAmount;
    private BigInteger wrongAmountSeller;
    private Trade wrongToken;
    private BigInteger wrongTokenSeller;

    @Override
    protected Map<String, ?> daemonOverrides() {
        return Map.of("mp2p.lifecycle.deposit-timeout-ms", Long.toString(DEPOSIT_TIMEOUT_MS),
                "mp2p.lifecycle.listing-timeout-ms", Long.toString(LISTING_TIMEOUT_MS),
                "mp2p.lifecycle.lock-grace-ms", Long.toString(LOCK_GRACE_MS));
    }

    @BeforeAll
    void startTrades() {
        paidLate = driver.newOrder();
        driver.deposit(paidLate);
        lockRunsOut = driver.newOrder();
        lockRunsOutSeller = driver.deposit(lockRunsOut);
        noBuyer = driver.newOrder();
        noBuyerSeller = driver.deposit(noBuyer);
        noDepositCreatedAt = Instant.now();
        noDeposit = driver.newOrder();
        wrongAmount = driver.newOrder();
        wrongAmountSeller = driver.deposit(wrongAmount, wrongAmount.tokenAddress(),
                wrongAmount.amountBaseUnits().subtract(BigInteger.ONE));
        wrongToken = driver.newOrder();
        wrongTokenSeller = driver.deposit(wrongToken, harness.node().usdtAddress(), wrongToken.amountBaseUnits());

        driver.awaitStatus(paidLate, "ACTIVE");
        paidLateBuyer = driver.lock(paidLate, EndToEndHarness.SHORT_LOCK_SECONDS);
        driver.awaitStatus(lockRunsOut, "ACTIVE");
        lockRunsOutBuyer = driver.lock(lockRunsOut, EndToEndHarness.SHORT_LOCK_SECONDS);
        driver.awaitStatus(paidLate, "LOCKED");
        // The buyer pays at once, inside the lock window; only the proof will come late.
        latePayment = driver.pay(paidLate);
    }

    private Instant lockExpiry(Trade trade) {
        return Instant.ofEpochSecond(driver.escrowOrder(trade).lockExpirySeconds());
    }

    @Test
    @Order(1)
    void aPaymentProvenAfterTheLockExpiryButBeforeTheDeadlineWinsOverTheRefundTimer() {
        Instant expiry = lockExpiry(paidLate);
        Instant deadline = expiry.plusMillis(LOCK_GRACE_MS);
        TradeDriver.await("the lock expiry of " + paidLate.orderId() + " to pass", WAIT,
                () -> Instant.now().isAfter(expiry.plusMillis(500)));
        assertEquals("LOCKED", driver.status(paidLate), "inside the grace period the order waits for the proof");
        byte[] cep = driver.downloadCep(latePayment);

        Reply verdict = driver.uploadProof(paidLate, cep);
        Instant verifiedBy = Instant.now();
        assertEquals(200, verdict.status(), verdict.raw());
        assertEquals("VERIFIED", verdict.get("verdict"));
        assertTrue(verifiedBy.isBefore(deadline), "the proof was verified late but before the deadline " + deadline
                + " (at " + verifiedBy + "); on a machine this slow the scenario proves nothing");
        driver.awaitStatus(paidLate, "COMPLETED", WAIT);

        EscrowOrder onChain = driver.escrowOrder(paidLate);
        assertEquals(EscrowOrder.RELEASED, onChain.status());
        assertEquals(paidLate.amountBaseUnits(), driver.balance(paidLate.tokenAddress(), paidLateBuyer));
        assertTrue(driver.proofUsed(proofHash(cep)));
        // Past the deadline the lock-expiry timer must stay silent: it was cancelled by the verified payment.
        TradeDriver.await("the lock deadline to pass", WAIT, () -> Instant.now().isAfter(deadline.plusSeconds(1)));
        driver.awaitWebhooks(paidLate, WAIT, "order.created", "order.deposit_confirmed", "order.locked",
                "order.payment_verified", "order.completed");
        assertEquals(List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_SEEN->ACTIVE", "LOCK_SEEN->LOCKED",
                "PAYMENT_VERIFIED->PENDING_RELEASE", "RELEASE_SEEN->COMPLETED"), timeline(paidLate));
    }

    @Test
    @Order(2)
    void aLockThatRunsOutWithoutPaymentIsAnnouncedThenRefundedOnChain() {
        Instant deadline = lockExpiry(lockRunsOut).plusMillis(LOCK_GRACE_MS);
        driver.awaitStatus(lockRunsOut, "REFUNDED", WAIT);

        EscrowOrder onChain = driver.escrowOrder(lockRunsOut);
        assertEquals(EscrowOrder.REFUNDED, onChain.status());
        assertEquals(lockRunsOut.amountBaseUnits(), driver.balance(lockRunsOut.tokenAddress(), lockRunsOutSeller),
                "the seller has the crypto back");
        assertEquals(BigInteger.ZERO, driver.balance(lockRunsOut.tokenAddress(), lockRunsOutBuyer));
        List<Webhook> hooks = driver.awaitWebhooks(lockRunsOut, WAIT, "order.created", "order.deposit_confirmed",
                "order.locked", "order.lock_expired", "order.refunded");
        Instant announced = hooks.get(3).receivedAt();
        assertFalse(announced.isBefore(deadline), "lock_expired only after lock_expiry + grace (" + deadline
                + "), sent at " + announced);
        assertEquals(List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_SEEN->ACTIVE", "LOCK_SEEN->LOCKED",
                "LOCK_TIMER_FIRED->LOCKED", "REFUND_SEEN->REFUNDED"), timeline(lockRunsOut));

        // A proof after the refund is refused and changes nothing.
        Reply tooLate = driver.uploadProof(lockRunsOut, driver.downloadCep(driver.pay(lockRunsOut)));
        assertEquals(409, tooLate.status(), tooLate.raw());
        assertEquals("ORDER_NOT_LOCKED", tooLate.error());
        assertEquals("REFUNDED", driver.status(lockRunsOut));
    }

    @Test
    @Order(3)
    void aListingNobodyLocksIsRefundedOnChainThenExpires() {
        driver.awaitStatus(noBuyer, "EXPIRED", WAIT);

        assertEquals(EscrowOrder.REFUNDED, driver.escrowOrder(noBuyer).status());
        assertEquals(noBuyer.amountBaseUnits(), driver.balance(noBuyer.tokenAddress(), noBuyerSeller));
        driver.awaitWebhooks(noBuyer, WAIT, "order.created", "order.deposit_confirmed", "order.expired");
        assertEquals(List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_SEEN->ACTIVE", "LISTING_TIMER_FIRED->ACTIVE",
                "REFUND_SEEN->EXPIRED"), timeline(noBuyer));
    }

    @Test
    @Order(4)
    void anOrderNobodyDepositsForExpires() {
        driver.awaitStatus(noDeposit, "EXPIRED", WAIT);
        List<Webhook> hooks = driver.awaitWebhooks(noDeposit, WAIT, "order.created", "order.expired");
        assertFalse(hooks.get(1).receivedAt().isBefore(noDepositCreatedAt.plusMillis(DEPOSIT_TIMEOUT_MS)),
                "expired only after the deposit timeout");
        assertFalse(driver.escrowOrder(noDeposit).exists(), "nothing ever reached the escrow");
        assertEquals(List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_TIMER_FIRED->EXPIRED"), timeline(noDeposit));
    }

    @Test
    @Order(5)
    void aDepositOfTheWrongAmountOrTokenIsFlaggedAndRefundedNeverActivated() {
        assertMismatchRefunded(wrongAmount, wrongAmountSeller, wrongAmount.tokenAddress(),
                wrongAmount.amountBaseUnits().subtract(BigInteger.ONE));
        assertMismatchRefunded(wrongToken, wrongTokenSeller, harness.node().usdtAddress(),
                wrongToken.amountBaseUnits());
        // The deposit timeout was cancelled with the refund: long past it, no order.expired follows.
        TradeDriver.await("the deposit timeout to pass", WAIT,
                () -> Instant.now().isAfter(noDepositCreatedAt.plusMillis(DEPOSIT_TIMEOUT_MS + 1_000)));
        driver.awaitWebhooks(wrongAmount, WAIT, "order.created", "order.refunded");
        driver.awaitWebhooks(wrongToken, WAIT, "order.created", "order.refunded");
    }

    private void assertMismatchRefunded(Trade trade, BigInteger seller, BigInteger depositedToken,
                                        BigInteger deposited) {
        driver.awaitStatus(trade, "REFUNDED", WAIT);
        assertEquals(EscrowOrder.REFUNDED, driver.escrowOrder(trade).status());
        assertEquals(deposited, driver.balance(depositedToken, seller), "the seller has the deposit back");
        Reply evidence = driver.dispute(trade);
        assertEquals(200, evidence.status(), evidence.raw());
        assertEquals(Boolean.TRUE, evidence.get("flagged"), evidence.raw());
        assertEquals("MISMATCHED_DEPOSIT_SEEN", evidence.get("flagReason"), evidence.raw());
        assertEquals(List.of("ORDER_CREATED->PENDING_DEPOSIT", "MISMATCHED_DEPOSIT_SEEN->PENDING_DEPOSIT",
                "REFUND_SEEN->REFUNDED"), timeline(trade));
    }
}

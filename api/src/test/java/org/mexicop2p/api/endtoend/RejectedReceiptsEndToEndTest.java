package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.Test;
import org.mexicop2p.api.marketplace.TestPortal;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.SharedData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receipts the engine must refuse, each uploaded by a buyer on a LOCKED order over the real marketplace API: forged
 * (signed with another key under the sandbox certificate number), edited (an attribute, or the signed cadena itself),
 * paying something else (amount, beneficiary, before the lock, a real Banxico receipt of another payment) and
 * replayed onto a second order. Each answer names the reason; the order stays LOCKED, the escrow keeps the crypto, no
 * webhook follows, and the order can still be paid properly afterwards.
 */
@DatabaseTest
class RejectedReceiptsEndToEndTest extends EndToEndTest {

    /** A valid CLABE that is not the order's (the buyer's own account at BBVA). */
    private static final String OTHER_CLABE = "012180004643051249";
    private static final List<String> UNTIL_LOCKED = List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_SEEN->ACTIVE",
            "LOCK_SEEN->LOCKED");

    /** A trade at LOCKED and its buyer. */
    private record Locked(Trade trade, BigInteger buyer) {
    }

    private Locked lockedTrade() {
        Trade trade = driver.newOrder();
        driver.deposit(trade);
        driver.awaitStatus(trade, "ACTIVE");
        BigInteger buyer = driver.lock(trade, 3_600);
        driver.awaitStatus(trade, "LOCKED");
        return new Locked(trade, buyer);
    }

    private static String centavoLess(Trade trade) {
        return new BigDecimal(trade.grossAmountMxn()).subtract(new BigDecimal("0.01")).toPlainString();
    }

    private void assertRefused(Locked locked, byte[] receipt, String reason) {
        Reply reply = driver.uploadProof(locked.trade(), receipt);
        assertEquals(422, reply.status(), reply.raw());
        assertEquals("REJECTED", reply.get("verdict"), reply.raw());
        assertEquals(reason, reply.get("reason"), reply.raw());
        assertNotNull(reply.get("receiptId"), "the refused receipt is kept as evidence: " + reply.raw());
        assertUntouched(locked);
    }

    /** Still LOCKED in the API and on-chain, the crypto still in escrow, nothing announced past the lock. */
    private void assertUntouched(Locked locked) {
        Trade trade = locked.trade();
        assertEquals("LOCKED", driver.status(trade));
        assertEquals(EscrowOrder.LOCKED, driver.escrowOrder(trade).status());
        assertEquals(BigInteger.ZERO, driver.balance(trade.tokenAddress(), locked.buyer()));
        assertEquals(UNTIL_LOCKED, timeline(trade));
        driver.awaitWebhooks(trade, "order.created", "order.deposit_confirmed", "order.locked");
    }

    @Test
    void forgedAndEditedReceiptsAreRefusedAndAGenuineOneStillSettlesTheOrder() throws Exception {
        Locked locked = lockedTrade();
        Trade trade = locked.trade();
        try (SandboxBanxicoPortal forger = new SandboxBanxicoPortal()) {
            forger.start("127.0.0.1", 0);
            byte[] forged = TestPortal.download(forger, forger.transfer(TradeDriver.BUYER_CLABE, trade.clabe(),
                    trade.grossAmountMxn(), "pago p2p forjado", null));
            assertRefused(locked, forged, "BAD_SIGNATURE");
        }

        // A genuine receipt for one centavo less, its displayed amount edited up to the order's.
        String genuine = new String(driver.downloadCep(driver.pay(trade.clabe(), centavoLess(trade))),
                StandardCharsets.UTF_8);
        String attributeEdited = genuine.replace("MontoPago=\"" + centavoLess(trade) + "\"",
                "MontoPago=\"" + trade.grossAmountMxn() + "\"");
        assertNotEquals(genuine, attributeEdited);
        assertRefused(locked, attributeEdited.getBytes(StandardCharsets.UTF_8), "CADENA_MISMATCH");
        // The same edit carried into the signed cadena too: the sello no longer matches what it signs.
        String cadenaEdited = attributeEdited.replace("|" + centavoLess(trade) + "|", "|" + trade.grossAmountMxn()
                + "|");
        assertNotEquals(attributeEdited, cadenaEdited);
        assertRefused(locked, cadenaEdited.getBytes(StandardCharsets.UTF_8), "BAD_SIGNATURE");

        byte[] valid = driver.downloadCep(driver.pay(trade));
        Reply verdict = driver.uploadProof(trade, valid);
        assertEquals(200, verdict.status(), verdict.raw());
        driver.awaitStatus(trade, "COMPLETED");
        assertEquals(trade.amountBaseUnits(), driver.balance(trade.tokenAddress(), locked.buyer()));
        assertTrue(driver.proofUsed(proofHash(valid)));
        driver.awaitWebhooks(trade, "order.created", "order.deposit_confirmed", "order.locked",
                "order.payment_verified", "order.completed");
    }

    @Test
    void receiptsOfAnotherPaymentAreRefusedWithTheMismatchNamed() throws Exception {
        Locked locked = lockedTrade();
        Trade trade = locked.trade();
        String centavoMore = new BigDecimal(trade.grossAmountMxn()).add(new BigDecimal("0.01")).toPlainString();
        assertRefused(locked, driver.downloadCep(driver.pay(trade.clabe(), centavoMore)), "AMOUNT_MISMATCH");
        assertRefused(locked, driver.downloadCep(driver.pay(OTHER_CLABE, trade.grossAmountMxn())),
                "BENEFICIARY_MISMATCH");
        // A real Banxico receipt (beta portal) into this very CLABE, but for 3,414.95 MXN in November 2024.
        byte[] realReceipt = Files.readAllBytes(SharedData.path(
                "data/cep/samples/beta_2024-11-08_tipo01_BiB202411081016248360.xml"));
        assertRefused(locked, realReceipt, "AMOUNT_MISMATCH");

        // Paid first, locked later: the credit precedes the lock, so it cannot be this buyer's payment for it.
        Trade early = driver.newOrder();
        driver.deposit(early);
        driver.awaitStatus(early, "ACTIVE");
        byte[] beforeLock = driver.downloadCep(driver.pay(early));
        Thread.sleep(2_500); // past the second the CEP is stamped with and the daemon's 1 s lock-seen slack
        BigInteger earlyBuyer = driver.lock(early, 3_600);
        driver.awaitStatus(early, "LOCKED");
        assertRefused(new Locked(early, earlyBuyer), beforeLock, "OUTSIDE_WINDOW");
    }

    @Test
    void aReceiptThatSettledOneOrderIsRefusedForASecondOrder() {
        Locked first = lockedTrade();
        Locked second = lockedTrade();
        assertEquals(first.trade().grossAmountMxn(), second.trade().grossAmountMxn());
        assertEquals(first.trade().clabe(), second.trade().clabe());
        byte[] cep = driver.downloadCep(driver.pay(first.trade()));
        assertEquals(200, driver.uploadProof(first.trade(), cep).status());
        driver.awaitStatus(first.trade(), "COMPLETED");

        assertRefused(second, cep, "RECEIPT_SETTLED_ANOTHER_ORDER");
        assertTrue(driver.proofUsed(proofHash(cep)), "the proof was consumed once, by the first order");
        assertFalse(driver.webhooks(second.trade()).stream().anyMatch(w -> "order.payment_verified".equals(w.type())));
    }
}

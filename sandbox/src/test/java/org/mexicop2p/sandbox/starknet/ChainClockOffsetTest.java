package org.mexicop2p.sandbox.starknet;

import org.junit.jupiter.api.Test;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;

import java.math.BigInteger;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node started with a clock offset stamps every block, from genesis on, with the wall clock plus that offset. */
class ChainClockOffsetTest {

    @Test
    void aLaggingNodeStampsBlocksAndLockExpiriesBehindTheWallClock() throws Exception {
        long lag = 297;
        try (SandboxStarknetNode node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral()
                .withClockOffsetSeconds(-lag))) {
            long wallBefore = System.currentTimeMillis() / 1000;
            assertTrue(node.chain().head().timestampSeconds() <= wallBefore - lag + 1, "genesis already lags");

            BigInteger orderId = Felts.derive("clock-offset-test");
            node.deposit(orderId, node.usdcAddress(), BigInteger.valueOf(1_000_000), Optional.empty());
            node.lockOrder(orderId, 300, Optional.empty());
            long wallAfter = System.currentTimeMillis() / 1000;
            EscrowOrder locked = node.chain().state().escrow().order(orderId);
            assertTrue(locked.lockExpirySeconds() >= wallBefore - lag + 300
                    && locked.lockExpirySeconds() <= wallAfter - lag + 300,
                    "a 300 s lock ends 3 s of wall time after it is taken: " + locked.lockExpirySeconds());
        }
        assertThrows(IllegalArgumentException.class,
                () -> SandboxNodeConfig.ephemeral().withClockOffsetSeconds(11L * 365 * 86_400));
    }
}

package org.mexicop2p.settlement.lifecycle;

import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flag reason of an ended command: what, which command and attempt, and why, within the flag's width. */
class LifecycleEndedCommandsTest {

    private static ChainCommand ended(CommandStatus status, String detail) {
        return new ChainCommand(42, "0xabc", CommandKind.REFUND, status, null, null, "0x1", 2, detail);
    }

    @Test
    void aShortDetailIsKeptWhole() {
        assertEquals("REFUND FAILED (chain command 42, attempt 2): contract state forbids it now: order is DISPUTED",
                LifecycleEndedCommands.reason(ended(CommandStatus.FAILED,
                        "contract state forbids it now: order is DISPUTED")));
    }

    @Test
    void aLongRevertReasonKeepsItsEndWhereTheContractsCodeIs() {
        String trace = "reverted: Error in the called contract (" + "0x0123456789abcdef".repeat(40)
                + "): Execution failed. Failure reason: 'CONTRACT_PAUSED'.";
        String reason = LifecycleEndedCommands.reason(ended(CommandStatus.REVERTED, trace));
        assertEquals(LifecycleEndedCommands.FLAG_REASON_MAX_CHARS, reason.length());
        assertTrue(reason.startsWith("REFUND REVERTED (chain command 42, attempt 2): ..."), reason);
        assertTrue(reason.endsWith("Failure reason: 'CONTRACT_PAUSED'."), reason);
    }
}

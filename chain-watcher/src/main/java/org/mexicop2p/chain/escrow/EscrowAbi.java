package org.mexicop2p.chain.escrow;

import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.Felt;

import java.util.List;

/**
 * Names and selectors of the escrow contract's order events and of the functions the engine calls, computed with
 * starknet-jvm's {@code sn_keccak} so they cannot drift from the contract's names.
 */
public final class EscrowAbi {

    public static final Felt ORDER_CREATED = Selector.selectorFromName("OrderCreated");
    public static final Felt ORDER_LOCKED = Selector.selectorFromName("OrderLocked");
    public static final Felt ORDER_RELEASED = Selector.selectorFromName("OrderReleased");
    public static final Felt ORDER_REFUNDED = Selector.selectorFromName("OrderRefunded");
    public static final Felt DISPUTE_OPENED = Selector.selectorFromName("DisputeOpened");
    public static final Felt DISPUTE_RESOLVED = Selector.selectorFromName("DisputeResolved");

    /** The {@code keys} filter for {@code starknet_getEvents}: position 0 is one of the six order events. */
    public static final List<List<Felt>> ORDER_EVENT_KEYS = List.of(List.of(ORDER_CREATED, ORDER_LOCKED,
            ORDER_RELEASED, ORDER_REFUNDED, DISPUTE_OPENED, DISPUTE_RESOLVED));

    public static final String RELEASE = "release";
    public static final String REFUND = "refund";
    public static final String RESOLVE_DISPUTE = "resolveDispute";
    public static final String ORDERS = "orders";
    public static final String IS_PROOF_USED = "is_proof_used";

    private EscrowAbi() {
    }
}

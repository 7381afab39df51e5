package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.math.BigInteger;

/**
 * The operator account's next nonce, tracked locally so that transactions sent in quick succession do not wait for
 * the node to count pending ones. It is read from the node ({@code pre_confirmed}, which counts accepted pending
 * transactions) on first use and after any doubt: a nonce error, an unknown send outcome or a dropped transaction.
 * Callers hold the gateway's send lock, so one nonce is never handed out twice.
 */
final class NonceManager {

    private final JsonRpcProvider rpc;
    private final Felt account;
    private BigInteger next;

    NonceManager(JsonRpcProvider rpc, Felt account) {
        this.rpc = rpc;
        this.account = account;
    }

    /** The nonce for the next transaction (not consumed until {@link #consumed(Felt)}). */
    Felt peek() {
        if (next == null) {
            next = rpc.getNonce(account, BlockTag.PRE_CONFIRMED).send().getValue();
        }
        return new Felt(next);
    }

    /** The node accepted a transaction with {@code nonce}. */
    void consumed(Felt nonce) {
        next = nonce.getValue().add(BigInteger.ONE);
    }

    /** Forget the local value; the next {@link #peek()} asks the node. */
    void resync() {
        next = null;
    }
}

package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All contract state of the sandbox chain: the accounts (public keys and nonces), the two tokens and the escrow.
 * Every write goes through the one {@link StateJournal}, so transactions, simulations and reorgs can roll back.
 */
public final class WorldState {

    private final StateJournal journal = new StateJournal();
    private final Map<BigInteger, BigInteger> accountPublicKeys = new HashMap<>();
    private final Map<BigInteger, BigInteger> nonces = new HashMap<>();
    private final Map<BigInteger, Erc20Token> tokens = new HashMap<>();
    private final EscrowContract escrow;

    public WorldState(EscrowContract escrow, List<Erc20Token> tokenList) {
        this.escrow = escrow;
        tokenList.forEach(token -> tokens.put(token.address(), token));
    }

    public StateJournal journal() {
        return journal;
    }

    public EscrowContract escrow() {
        return escrow;
    }

    public Erc20Token token(BigInteger address) {
        return tokens.get(address);
    }

    /** Registers an account contract (the sandbox deploys accounts out of band, like devnet's predeployed ones). */
    public void registerAccount(BigInteger address, BigInteger publicKey) {
        accountPublicKeys.put(address, publicKey);
    }

    public boolean isAccount(BigInteger address) {
        return accountPublicKeys.containsKey(address);
    }

    public BigInteger accountPublicKey(BigInteger address) {
        return accountPublicKeys.get(address);
    }

    public boolean isContract(BigInteger address) {
        return isAccount(address) || tokens.containsKey(address) || escrow.address().equals(address);
    }

    public BigInteger nonce(BigInteger account) {
        return nonces.getOrDefault(account, BigInteger.ZERO);
    }

    public void incrementNonce(BigInteger account) {
        journal.put(nonces, account, nonce(account).add(BigInteger.ONE));
    }

    /** Runs one call against the contract at {@code call.to()}; a failure throws {@link ContractRevert}. */
    public List<BigInteger> invoke(ExecutionContext ctx, ContractCall call) {
        if (call.to().equals(escrow.address())) {
            return escrow.invoke(ctx, call.selector(), call.calldata());
        }
        Erc20Token token = tokens.get(call.to());
        if (token != null) {
            return token.invoke(ctx, call.selector(), call.calldata());
        }
        if (isAccount(call.to())) {
            throw new ContractRevert(RevertCode.ACCOUNT_CALL_NOT_SUPPORTED, call.to(), call.selector());
        }
        throw new ContractRevert(RevertCode.CONTRACT_NOT_FOUND, call.to(), call.selector());
    }
}

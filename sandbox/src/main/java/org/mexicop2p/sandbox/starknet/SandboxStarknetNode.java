package org.mexicop2p.sandbox.starknet;

import com.fasterxml.jackson.databind.JsonNode;
import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.StarknetChainId;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mexicop2p.sandbox.starknet.chain.Block;
import org.mexicop2p.sandbox.starknet.chain.Chain;
import org.mexicop2p.sandbox.starknet.chain.ChainRuleViolation;
import org.mexicop2p.sandbox.starknet.chain.Transaction;
import org.mexicop2p.sandbox.starknet.contract.ContractCall;
import org.mexicop2p.sandbox.starknet.contract.Erc20Token;
import org.mexicop2p.sandbox.starknet.contract.EscrowContract;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.sandbox.starknet.contract.WorldState;
import org.mexicop2p.sandbox.starknet.rpc.FaultInjector;
import org.mexicop2p.sandbox.starknet.rpc.JsonRpcServer;

/**
 * A local Starknet JSON-RPC 0.10.2 node that runs the MexicoP2P escrow contract's rules, for tests and the embedded
 * default run; never on the production path. Start it with {@link #start}, point starknet-jvm's
 * {@code JsonRpcProvider} at {@link #rpcUrl()}, and read the facts a daemon's config needs (chain id, escrow and token
 * addresses, operator account and key, proof-signer keys, arbiter) from the accessors.
 *
 * <p>The test hooks ({@code sandbox_*} JSON-RPC methods) are also available as Java methods here.
 */
public final class SandboxStarknetNode implements AutoCloseable {

    /** Most orders one bulk-deposit hook creates. */
    public static final int MAX_BULK_ORDERS = 20_000;
    /** Most blocks one mine hook builds. */
    public static final int MAX_BLOCKS_PER_MINE = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SandboxNodeConfig config;
    private final Chain chain;
    private final FaultInjector faults = new FaultInjector();
    private final SandboxAccount operator;
    private final BigInteger proofSignerPrivateKey;
    private final BigInteger proofSignerPublicKey;
    private final BigInteger escrowAddress;
    private final BigInteger usdcAddress;
    private final BigInteger usdtAddress;
    private final JsonRpcServer server;
    private long bulkBatches;

    /** Outcome of a hook that sent a transaction: who acted, the hash, and how it executed (if mined yet). */
    public record HookResult(BigInteger account, BigInteger transactionHash, Optional<Boolean> succeeded,
                             Optional<String> revertReason) {
    }

    /** Outcome of a bulk deposit: the order ids created, in order, and the blocks they landed in. */
    public record BulkResult(List<BigInteger> orderIds, long firstBlock, long lastBlock, BigInteger seller,
                             Optional<BigInteger> buyer) {
    }

    private SandboxStarknetNode(SandboxNodeConfig config) throws IOException {
        this.config = config;
        String label = "mp2p-sandbox|" + config.chainId();
        this.escrowAddress = Felts.derive(label + "|escrow");
        this.usdcAddress = Felts.derive(label + "|USDC");
        this.usdtAddress = Felts.derive(label + "|USDT");
        BigInteger operatorKey = config.operatorPrivateKey().orElseGet(SandboxStarknetNode::generatePrivateKey);
        this.operator = accountFor(operatorKey);
        this.proofSignerPrivateKey = config.proofSignerPrivateKey().orElseGet(SandboxStarknetNode::generatePrivateKey);
        this.proofSignerPublicKey = publicKeyOf(proofSignerPrivateKey);
        Erc20Token usdc = new Erc20Token(usdcAddress, "USDC");
        Erc20Token usdt = new Erc20Token(usdtAddress, "USDT");
        EscrowContract escrow = new EscrowContract(escrowAddress, operator.address(), proofSignerPublicKey,
                Map.of(usdcAddress, usdc, usdtAddress, usdt), List.of(operator.address()));
        WorldState state = new WorldState(escrow, List.of(usdc, usdt));
        state.registerAccount(operator.address(), operator.publicKey());
        this.chain = new Chain(state, label, config.autoMine(), config.clockOffsetSeconds());
        this.server = JsonRpcServer.start(this, config.host(), config.port(), config.httpThreads());
    }

    /** Starts a node and its HTTP server; close it to stop. */
    public static SandboxStarknetNode start(SandboxNodeConfig config) throws IOException {
        return new SandboxStarknetNode(config);
    }

    /** Stops the HTTP server; the chain is in memory only and is gone with the node. */
    @Override
    public void close() {
        server.stop();
    }

    public URI rpcUrl() {
        return server.rpcUrl();
    }

    public int port() {
        return server.port();
    }

    public SandboxNodeConfig config() {
        return config;
    }

    public Chain chain() {
        return chain;
    }

    /** The latest {@code starknet_*} requests as received, oldest first; see {@link JsonRpcServer#recordedRequests}. */
    public List<JsonNode> recordedRequests() {
        return server.recordedRequests();
    }

    public void clearRecordedRequests() {
        server.clearRecordedRequests();
    }

    public FaultInjector faults() {
        return faults;
    }

    public BigInteger chainId() {
        return config.chainId();
    }

    public StarknetChainId starknetChainId() {
        return new StarknetChainId(new Felt(config.chainId()));
    }

    public BigInteger escrowAddress() {
        return escrowAddress;
    }

    public BigInteger usdcAddress() {
        return usdcAddress;
    }

    public BigInteger usdtAddress() {
        return usdtAddress;
    }

    /** The escrow owner; also the account the engine sends release/refund from. */
    public SandboxAccount operator() {
        return operator;
    }

    /** The arbiter registered at deployment: the operator account, so one daemon key can resolve disputes. */
    public BigInteger arbiterAddress() {
        return operator.address();
    }

    public BigInteger proofSignerPrivateKey() {
        return proofSignerPrivateKey;
    }

    public BigInteger proofSignerPublicKey() {
        return proofSignerPublicKey;
    }

    /** Resolves a token given as a hex address or as the symbol USDC/USDT; empty if neither. */
    public Optional<BigInteger> tokenAddress(String addressOrSymbol) {
        if ("USDC".equalsIgnoreCase(addressOrSymbol)) {
            return Optional.of(usdcAddress);
        }
        if ("USDT".equalsIgnoreCase(addressOrSymbol)) {
            return Optional.of(usdtAddress);
        }
        return Optional.ofNullable(Felts.parseHexOrNull(addressOrSymbol));
    }

    /** Deploys a fresh account with a generated key (the sandbox deploys accounts out of band, like devnet). */
    public SandboxAccount createAccount() {
        SandboxAccount account = accountFor(generatePrivateKey());
        synchronized (chain) {
            chain.state().registerAccount(account.address(), account.publicKey());
        }
        return account;
    }

    /** Sends {@code seller}'s deposit of {@code amount} (minted to it first) for {@code orderId}. */
    public HookResult deposit(BigInteger orderId, BigInteger token, BigInteger amount, Optional<BigInteger> seller) {
        BigInteger sellerAddress = seller.orElseGet(() -> createAccount().address());
        return send(sellerAddress, depositCalls(orderId, token, amount, sellerAddress));
    }

    /** Sends {@code buyer}'s lock of {@code orderId} for {@code durationSeconds}. */
    public HookResult lockOrder(BigInteger orderId, long durationSeconds, Optional<BigInteger> buyer) {
        BigInteger buyerAddress = buyer.orElseGet(() -> createAccount().address());
        return send(buyerAddress, List.of(new ContractCall(escrowAddress, EscrowContract.LOCK_ORDER,
                List.of(orderId, BigInteger.valueOf(durationSeconds)))));
    }

    /** Sends {@code openDispute} from the order's buyer ({@code byBuyer}) or seller, as recorded on chain. */
    public HookResult openDispute(BigInteger orderId, boolean byBuyer) {
        EscrowOrder order;
        synchronized (chain) {
            order = chain.state().escrow().order(orderId);
        }
        if (!order.exists()) {
            throw new ChainRuleViolation("order " + Felts.hex(orderId) + " does not exist on chain");
        }
        BigInteger party = byBuyer ? order.buyer() : order.seller();
        if (party.signum() == 0) {
            throw new ChainRuleViolation("order " + Felts.hex(orderId) + " has no buyer yet");
        }
        return send(party, List.of(new ContractCall(escrowAddress, EscrowContract.OPEN_DISPUTE, List.of(orderId))));
    }

    /**
     * Creates {@code count} orders fast (one seller, {@code ordersPerBlock} deposits per block), each optionally locked
     * by one buyer in the same block: the benchmark's source of thousands of events.
     */
    public BulkResult bulkDeposit(int count, BigInteger token, BigInteger amountEach, boolean withLock,
                                  int ordersPerBlock) {
        if (count < 1 || count > MAX_BULK_ORDERS) {
            throw new ChainRuleViolation("count must be 1.." + MAX_BULK_ORDERS);
        }
        if (ordersPerBlock < 1 || ordersPerBlock > Chain.MAX_TRANSACTIONS_PER_BLOCK / 2) {
            throw new ChainRuleViolation("orders_per_block must be 1.." + Chain.MAX_TRANSACTIONS_PER_BLOCK / 2);
        }
        SandboxAccount seller = createAccount();
        Optional<BigInteger> buyer = withLock ? Optional.of(createAccount().address()) : Optional.empty();
        List<BigInteger> orderIds = new ArrayList<>(count);
        synchronized (chain) {
            boolean autoMine = chain.autoMine();
            chain.setAutoMine(false);
            try {
                long batch = ++bulkBatches;
                long firstBlock = chain.head().number() + 1;
                for (int i = 0; i < count; i++) {
                    BigInteger orderId = Felts.derive("bulk|" + seller.address() + "|" + batch + "|" + i);
                    orderIds.add(orderId);
                    submit(seller.address(), depositCalls(orderId, token, amountEach, seller.address()));
                    if (buyer.isPresent()) {
                        submit(buyer.get(), List.of(new ContractCall(escrowAddress, EscrowContract.LOCK_ORDER,
                                List.of(orderId, BigInteger.valueOf(EscrowContract.MAX_LOCK_DURATION_SECONDS)))));
                    }
                    if ((i + 1) % ordersPerBlock == 0 || i == count - 1) {
                        chain.mine(1);
                    }
                }
                return new BulkResult(orderIds, firstBlock, chain.head().number(), seller.address(), buyer);
            } finally {
                chain.setAutoMine(autoMine);
            }
        }
    }

    private List<ContractCall> depositCalls(BigInteger orderId, BigInteger token, BigInteger amount,
                                            BigInteger seller) {
        List<BigInteger> words = Erc20Token.u256Words(amount);
        return List.of(
                new ContractCall(token, Erc20Token.MINT_SELECTOR, List.of(seller, words.get(0), words.get(1))),
                new ContractCall(token, Erc20Token.APPROVE, List.of(escrowAddress, words.get(0), words.get(1))),
                new ContractCall(escrowAddress, EscrowContract.DEPOSIT,
                        List.of(orderId, token, words.get(0), words.get(1))));
    }

    /**
     * Sends {@code calls} as {@code sender} without a signature (impersonation, as devnet offers): how tests exercise
     * the contract's rules for any caller. Auto-mined unless auto-mine is off.
     */
    public HookResult sendAs(BigInteger sender, List<ContractCall> calls) {
        if (calls.isEmpty() || calls.size() > ContractCall.MAX_CALLS_PER_TRANSACTION) {
            throw new ChainRuleViolation("1.." + ContractCall.MAX_CALLS_PER_TRANSACTION + " calls per transaction");
        }
        return send(sender, calls);
    }

    private HookResult send(BigInteger sender, List<ContractCall> calls) {
        synchronized (chain) {
            BigInteger hash = submit(sender, calls);
            return chain.receipt(hash)
                    .map(r -> new HookResult(sender, hash, Optional.of(r.receipt().succeeded()),
                            Optional.ofNullable(r.receipt().revertReason())))
                    .orElseGet(() -> new HookResult(sender, hash, Optional.empty(), Optional.empty()));
        }
    }

    private BigInteger submit(BigInteger sender, List<ContractCall> calls) {
        List<BigInteger> calldata = ContractCall.encodeExecuteCalldata(calls);
        BigInteger nonce = chain.pendingNonce(sender);
        // Hook transactions are unsigned, so nothing checks their hash against the v3 formula; a SHA-256-derived
        // hash over chain, sender, nonce and calldata is unique too, and ~100x cheaper than the Poseidon one, which
        // matters when a benchmark creates tens of thousands of them.
        StringBuilder label = new StringBuilder("hook-tx|").append(config.chainId()).append('|').append(sender)
                .append('|').append(nonce);
        calldata.forEach(word -> label.append('|').append(word));
        BigInteger hash = Felts.derive(label.toString());
        chain.submitImpersonated(new Transaction(hash, sender, calldata, nonce, List.of(), false));
        return hash;
    }

    /** Mines {@code blocks} blocks (pending transactions go into the first). */
    public Block mine(int blocks) {
        if (blocks < 1 || blocks > MAX_BLOCKS_PER_MINE) {
            throw new ChainRuleViolation("blocks must be 1.." + MAX_BLOCKS_PER_MINE);
        }
        return chain.mine(blocks);
    }

    private SandboxAccount accountFor(BigInteger privateKey) {
        BigInteger publicKey = publicKeyOf(privateKey);
        return new SandboxAccount(Felts.derive("mp2p-sandbox|account|" + publicKey), privateKey, publicKey);
    }

    private static BigInteger publicKeyOf(BigInteger privateKey) {
        return StarknetCurve.getPublicKey(new Felt(privateKey)).getValue();
    }

    /** A uniformly random Stark private key in [1, curve order). */
    public static BigInteger generatePrivateKey() {
        BigInteger order = StarknetCurve.CURVE_ORDER;
        BigInteger key;
        do {
            key = new BigInteger(order.bitLength(), RANDOM);
        } while (key.signum() == 0 || key.compareTo(order) >= 0);
        return key;
    }
}

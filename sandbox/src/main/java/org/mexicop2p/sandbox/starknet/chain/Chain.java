package org.mexicop2p.sandbox.starknet.chain;

import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.contract.ContractCall;
import org.mexicop2p.sandbox.starknet.contract.ContractRevert;
import org.mexicop2p.sandbox.starknet.contract.Event;
import org.mexicop2p.sandbox.starknet.contract.ExecutionContext;
import org.mexicop2p.sandbox.starknet.contract.RevertCode;
import org.mexicop2p.sandbox.starknet.contract.WorldState;

/**
 * The sandbox chain: canonical blocks, the transaction pool, execution against {@link WorldState}, mining, time,
 * L1 acceptance and reorgs. Every public method is synchronized: one writer at a time keeps blocks, receipts and
 * state consistent, and the RPC layer never sees a half-mined block.
 *
 * <p>Transactions execute when they are mined (the pool is not pre-executed), so the pre-confirmed block lists
 * pending hashes but emits no events. A transaction dropped by fault injection reads RECEIVED until the next block is
 * mined and is unknown afterwards, like a transaction evicted from a real mempool.
 */
public final class Chain {

    /** Most transactions one block holds; the rest wait for the next block. */
    public static final int MAX_TRANSACTIONS_PER_BLOCK = 2_000;
    /** Most transactions the pool holds. */
    public static final int MAX_POOL_SIZE = 20_000;
    /** Fixed gas figures the sandbox charges every transaction (it has no Cairo VM to measure them). */
    public static final long L2_GAS_PER_TRANSACTION = 1_000_000;
    public static final long L1_DATA_GAS_PER_TRANSACTION = 128;
    public static final long L1_GAS_PER_TRANSACTION = 0;
    /** Gas prices of every block, in fri (10^-18 STRK) per unit. */
    public static final BigInteger L2_GAS_PRICE_FRI = BigInteger.valueOf(8_000_000_000L);
    public static final BigInteger L1_GAS_PRICE_FRI = BigInteger.valueOf(30_000_000_000_000L);
    public static final BigInteger L1_DATA_GAS_PRICE_FRI = BigInteger.valueOf(1_000_000L);

    private enum TxState { PENDING, MINED, DROPPED_BY_FAULT }

    private static final class TxRecord {
        final Transaction transaction;
        TxState state;
        Block block;
        Block.MinedTransaction mined;

        TxRecord(Transaction transaction, TxState state) {
            this.transaction = transaction;
            this.state = state;
        }
    }

    /** What {@code starknet_getTransactionStatus} reports. */
    public record TransactionStatus(String finalityStatus, Optional<Boolean> succeeded, Optional<String> failureReason) {
    }

    /** A mined transaction with the block it is in. */
    public record ReceiptWithBlock(Receipt receipt, Block block) {
    }

    /** A page of {@code starknet_getEvents}: events plus the position of the next match, if any. */
    public record EventPage(List<Located> events, Optional<Position> next) {
    }

    /** An emitted event with its block and its index in the block's event list. */
    public record Located(EmittedEvent emitted, Block block, int indexInBlock) {
    }

    /** Where a page starts: block number and index into that block's event list. */
    public record Position(long blockNumber, int eventIndexInBlock) {
    }

    /** Outcome of a simulated execution (fee estimate, {@code starknet_call}); the state is rolled back after it. */
    public record Simulation(boolean succeeded, String revertReason, List<BigInteger> result, Optional<RevertCode> code) {
    }

    private final WorldState state;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<BigInteger, Block> blocksByHash = new HashMap<>();
    private final Map<BigInteger, TxRecord> transactions = new HashMap<>();
    private final Deque<TxRecord> pool = new ArrayDeque<>();
    /** Fault-dropped transactions still reading RECEIVED; kept apart so forgetting them costs nothing per block. */
    private final List<TxRecord> droppedByFault = new ArrayList<>();
    private final String chainLabel;
    private boolean autoMine;
    private long timeOffsetSeconds;
    private long blocksBuilt;

    public Chain(WorldState state, String chainLabel, boolean autoMine) {
        this(state, chainLabel, autoMine, 0);
    }

    /** A chain whose time is the wall clock plus {@code clockOffsetSeconds} from its genesis block on. */
    public Chain(WorldState state, String chainLabel, boolean autoMine, long clockOffsetSeconds) {
        this.state = state;
        this.chainLabel = chainLabel;
        this.autoMine = autoMine;
        this.timeOffsetSeconds = clockOffsetSeconds;
        buildBlock(List.of());
    }

    public synchronized WorldState state() {
        return state;
    }

    public synchronized boolean autoMine() {
        return autoMine;
    }

    public synchronized void setAutoMine(boolean enabled) {
        autoMine = enabled;
    }

    /** Current chain time: wall clock plus everything {@link #advanceTime} added. */
    public synchronized long nowSeconds() {
        return System.currentTimeMillis() / 1000 + timeOffsetSeconds;
    }

    public synchronized long advanceTime(long seconds) {
        timeOffsetSeconds += seconds;
        return nowSeconds();
    }

    public synchronized Block head() {
        return blocks.get(blocks.size() - 1);
    }

    public synchronized Optional<Block> blockByNumber(long number) {
        return number >= 0 && number < blocks.size() ? Optional.of(blocks.get((int) number)) : Optional.empty();
    }

    public synchronized Optional<Block> blockByHash(BigInteger hash) {
        return Optional.ofNullable(blocksByHash.get(hash));
    }

    /** The highest block accepted on L1 (the genesis block is, from the start). */
    public synchronized Block l1Head() {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (blocks.get(i).acceptedOnL1()) {
                return blocks.get(i);
            }
        }
        return blocks.get(0);
    }

    public synchronized List<BigInteger> pendingTransactionHashes() {
        return pool.stream().map(r -> r.transaction.hash()).toList();
    }

    /** The next pre-confirmed block's timestamp, never earlier than its parent's. */
    public synchronized long pendingTimestampSeconds() {
        return Math.max(head().timestampSeconds(), nowSeconds());
    }

    /** Nonce as of the latest block. */
    public synchronized BigInteger latestNonce(BigInteger account) {
        return state.nonce(account);
    }

    /** Nonce including the account's transactions waiting in the pool (the {@code pre_confirmed} view). */
    public synchronized BigInteger pendingNonce(BigInteger account) {
        long waiting = pool.stream().filter(r -> r.transaction.senderAddress().equals(account)).count();
        return state.nonce(account).add(BigInteger.valueOf(waiting));
    }

    public synchronized boolean isContract(BigInteger address) {
        return state.isContract(address);
    }

    public synchronized boolean isAccount(BigInteger address) {
        return state.isAccount(address);
    }

    public synchronized boolean isKnownTransaction(BigInteger hash) {
        return transactions.containsKey(hash);
    }

    /**
     * Accepts a signed transaction into the pool after the account checks a real node's validation makes: sender is
     * an account, nonce is exactly the next one, signature verifies over the hash, hash not seen before.
     * With auto-mine on, the transaction is mined into a block of its own before this returns.
     *
     * @param dropSilently fault injection: answer as if accepted, but never mine it
     */
    public synchronized void submitSigned(Transaction tx, boolean dropSilently) {
        checkSubmittable(tx);
        if (!state.isAccount(tx.senderAddress())) {
            throw new TransactionRejected(TransactionRejected.Reason.NOT_AN_ACCOUNT,
                    "sender " + Felts.hex(tx.senderAddress()) + " is not a deployed account");
        }
        int nonceOrder = tx.nonce().compareTo(pendingNonce(tx.senderAddress()));
        if (nonceOrder != 0) {
            throw new TransactionRejected(nonceOrder < 0 ? TransactionRejected.Reason.NONCE_TOO_LOW
                    : TransactionRejected.Reason.NONCE_TOO_HIGH, "expected nonce "
                    + Felts.hex(pendingNonce(tx.senderAddress())) + ", got " + Felts.hex(tx.nonce()));
        }
        if (!signatureValid(tx.senderAddress(), tx.hash(), tx.signature())) {
            throw new TransactionRejected(TransactionRejected.Reason.INVALID_SIGNATURE,
                    "signature does not verify over the transaction hash with the account's public key");
        }
        if (dropSilently) {
            TxRecord record = new TxRecord(tx, TxState.DROPPED_BY_FAULT);
            transactions.put(tx.hash(), record);
            droppedByFault.add(record);
            return;
        }
        enqueue(tx);
    }

    /** Sends a transaction on an account's behalf (test hooks); returns its hash. Auto-mines like any other. */
    public synchronized void submitImpersonated(Transaction tx) {
        checkSubmittable(tx);
        enqueue(tx);
    }

    private void checkSubmittable(Transaction tx) {
        if (isKnownTransaction(tx.hash())) {
            throw new TransactionRejected(TransactionRejected.Reason.DUPLICATE_TRANSACTION,
                    "transaction " + Felts.hex(tx.hash()) + " is already known");
        }
        if (pool.size() >= MAX_POOL_SIZE) {
            throw new TransactionRejected(TransactionRejected.Reason.POOL_FULL, "the pool holds " + MAX_POOL_SIZE);
        }
    }

    private void enqueue(Transaction tx) {
        TxRecord record = new TxRecord(tx, TxState.PENDING);
        transactions.put(tx.hash(), record);
        pool.addLast(record);
        if (autoMine) {
            mine(1);
        }
    }

    /** Whether {@code signature = [r, s]} is the account key's Stark-ECDSA signature of {@code hash}. */
    public synchronized boolean signatureValid(BigInteger account, BigInteger hash, List<BigInteger> signature) {
        BigInteger publicKey = state.accountPublicKey(account);
        if (publicKey == null || signature.size() != 2) {
            return false;
        }
        BigInteger r = signature.get(0);
        BigInteger s = signature.get(1);
        BigInteger order = StarknetCurve.CURVE_ORDER;
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
            return false;
        }
        return StarknetCurve.verify(new Felt(publicKey), new Felt(hash), new Felt(r), new Felt(s));
    }

    /** Mines {@code count} blocks; the pool drains into the first ones. Returns the new head. */
    public synchronized Block mine(int count) {
        for (int i = 0; i < count; i++) {
            List<TxRecord> batch = new ArrayList<>();
            while (!pool.isEmpty() && batch.size() < MAX_TRANSACTIONS_PER_BLOCK) {
                batch.add(pool.pollFirst());
            }
            buildBlock(batch);
        }
        return head();
    }

    private void buildBlock(List<TxRecord> batch) {
        Block parent = blocks.isEmpty() ? null : head();
        long number = blocks.size();
        long timestamp = parent == null ? nowSeconds() : Math.max(parent.timestampSeconds(), nowSeconds());
        int journalMark = state.journal().mark();
        List<Block.MinedTransaction> mined = new ArrayList<>();
        List<EmittedEvent> events = new ArrayList<>();
        List<TxRecord> included = new ArrayList<>();
        for (TxRecord record : batch) {
            Transaction tx = record.transaction;
            // A signed transaction whose nonce no longer fits (e.g. after a reorg) is evicted, as a sequencer would.
            if (tx.signed() && !tx.nonce().equals(state.nonce(tx.senderAddress()))) {
                transactions.remove(tx.hash());
                continue;
            }
            Receipt receipt = execute(tx, timestamp);
            int index = mined.size();
            mined.add(new Block.MinedTransaction(tx, index, receipt));
            for (int e = 0; e < receipt.events().size(); e++) {
                events.add(new EmittedEvent(receipt.events().get(e), tx.hash(), index, e));
            }
            included.add(record);
        }
        blocksBuilt++;
        BigInteger parentHash = parent == null ? BigInteger.ZERO : parent.hash();
        StringBuilder label = new StringBuilder(chainLabel).append('|').append(number).append('|')
                .append(parentHash).append('|').append(timestamp).append('|').append(blocksBuilt);
        mined.forEach(m -> label.append('|').append(m.transaction().hash()));
        Block block = new Block(number, Felts.derive(label.toString()), parentHash, timestamp, mined, events,
                journalMark);
        if (parent == null) {
            block.markAcceptedOnL1();
        }
        blocks.add(block);
        blocksByHash.put(block.hash(), block);
        for (int i = 0; i < included.size(); i++) {
            TxRecord record = included.get(i);
            record.state = TxState.MINED;
            record.block = block;
            record.mined = mined.get(i);
        }
        for (TxRecord dropped : droppedByFault) {
            transactions.remove(dropped.transaction.hash(), dropped);
        }
        droppedByFault.clear();
    }

    private Receipt execute(Transaction tx, long timestamp) {
        state.incrementNonce(tx.senderAddress());
        int mark = state.journal().mark();
        ExecutionContext ctx = new ExecutionContext(tx.senderAddress(), timestamp, state.journal());
        BigInteger fee = BigInteger.valueOf(L2_GAS_PER_TRANSACTION).multiply(L2_GAS_PRICE_FRI)
                .add(BigInteger.valueOf(L1_DATA_GAS_PER_TRANSACTION).multiply(L1_DATA_GAS_PRICE_FRI));
        try {
            List<ContractCall> calls = ContractCall.decodeExecuteCalldata(tx.calldata())
                    .orElseThrow(() -> new ContractRevert(RevertCode.INVALID_CALLDATA, tx.senderAddress(),
                            BigInteger.ZERO));
            for (ContractCall call : calls) {
                state.invoke(ctx, call);
            }
            return new Receipt(tx.hash(), true, null, ctx.events(), fee);
        } catch (ContractRevert revert) {
            state.journal().rollbackTo(mark);
            return new Receipt(tx.hash(), false, revert.revertReason(), List.of(), fee);
        }
    }

    /**
     * Runs calls as {@code caller} on the latest state plus a pre-confirmed timestamp, then rolls every write back.
     * Used by {@code starknet_call} and {@code starknet_estimateFee}.
     */
    public synchronized Simulation simulate(BigInteger caller, List<ContractCall> calls) {
        int mark = state.journal().mark();
        ExecutionContext ctx = new ExecutionContext(caller, pendingTimestampSeconds(), state.journal());
        try {
            List<BigInteger> result = List.of();
            for (ContractCall call : calls) {
                result = state.invoke(ctx, call);
            }
            return new Simulation(true, null, result, Optional.empty());
        } catch (ContractRevert revert) {
            return new Simulation(false, revert.revertReason(), List.of(), Optional.of(revert.code()));
        } finally {
            state.journal().rollbackTo(mark);
        }
    }

    /** Marks every block up to {@code upToNumber} (inclusive, clamped to the head) ACCEPTED_ON_L1. */
    public synchronized Block acceptOnL1(long upToNumber) {
        long last = Math.min(upToNumber, blocks.size() - 1L);
        for (int i = 0; i <= last; i++) {
            blocks.get(i).markAcceptedOnL1();
        }
        return blocks.get((int) last);
    }

    /**
     * Orphans the last {@code depth} blocks and builds {@code depth} replacement blocks (new hashes, same numbers).
     * The orphaned blocks' state writes are undone and their events vanish. Their transactions go back to the front
     * of the pool ({@code dropTransactions = false}; with auto-mine on the first replacement block re-executes them,
     * otherwise they wait for {@link #mine}) or are forgotten ({@code true}: their hashes become unknown).
     *
     * @return the hashes of the orphaned blocks, oldest first
     */
    public synchronized List<BigInteger> reorg(int depth, boolean dropTransactions) {
        if (depth < 1 || depth > blocks.size() - 1) {
            throw new ChainRuleViolation("depth must be between 1 and " + (blocks.size() - 1) + " (genesis stays)");
        }
        Block firstOrphan = blocks.get(blocks.size() - depth);
        if (firstOrphan.acceptedOnL1()) {
            throw new ChainRuleViolation("block " + firstOrphan.number() + " is accepted on L1 and cannot be reorged");
        }
        state.journal().rollbackTo(firstOrphan.journalMark());
        List<BigInteger> orphaned = new ArrayList<>();
        List<TxRecord> returning = new ArrayList<>();
        while (blocks.size() > firstOrphan.number()) {
            Block orphan = blocks.remove(blocks.size() - 1);
            blocksByHash.remove(orphan.hash());
            orphaned.add(0, orphan.hash());
            for (int i = orphan.transactions().size() - 1; i >= 0; i--) {
                TxRecord record = transactions.get(orphan.transactions().get(i).transaction().hash());
                if (dropTransactions) {
                    transactions.remove(record.transaction.hash());
                } else {
                    record.state = TxState.PENDING;
                    record.block = null;
                    record.mined = null;
                    returning.add(0, record);
                }
            }
        }
        for (int i = returning.size() - 1; i >= 0; i--) {
            pool.addFirst(returning.get(i));
        }
        for (int i = 0; i < depth; i++) {
            if (autoMine) {
                mine(1);
            } else {
                buildBlock(List.of());
            }
        }
        return orphaned;
    }

    public synchronized Optional<ReceiptWithBlock> receipt(BigInteger hash) {
        TxRecord record = transactions.get(hash);
        if (record == null || record.state != TxState.MINED) {
            return Optional.empty();
        }
        return Optional.of(new ReceiptWithBlock(record.mined.receipt(), record.block));
    }

    public synchronized Optional<TransactionStatus> status(BigInteger hash) {
        TxRecord record = transactions.get(hash);
        if (record == null) {
            return Optional.empty();
        }
        if (record.state != TxState.MINED) {
            return Optional.of(new TransactionStatus("RECEIVED", Optional.empty(), Optional.empty()));
        }
        Receipt receipt = record.mined.receipt();
        return Optional.of(new TransactionStatus(record.block.acceptedOnL1() ? "ACCEPTED_ON_L1" : "ACCEPTED_ON_L2",
                Optional.of(receipt.succeeded()), Optional.ofNullable(receipt.revertReason())));
    }

    /**
     * One page of events in blocks {@code [fromBlock, toBlock]} from {@code start}, matching the address set (empty =
     * any) and the positional key sets (empty set = any value at that position).
     */
    public synchronized EventPage events(long fromBlock, long toBlock, Set<BigInteger> addresses,
                                         List<Set<BigInteger>> keys, int chunkSize, Position start) {
        List<Located> page = new ArrayList<>();
        long last = Math.min(toBlock, blocks.size() - 1L);
        long firstBlock = Math.max(fromBlock, start.blockNumber());
        for (long b = firstBlock; b <= last; b++) {
            Block block = blocks.get((int) b);
            List<EmittedEvent> events = block.events();
            int from = b == start.blockNumber() ? start.eventIndexInBlock() : 0;
            for (int i = from; i < events.size(); i++) {
                EmittedEvent emitted = events.get(i);
                if (!matches(emitted.event(), addresses, keys)) {
                    continue;
                }
                if (page.size() == chunkSize) {
                    return new EventPage(page, Optional.of(new Position(b, i)));
                }
                page.add(new Located(emitted, block, i));
            }
        }
        return new EventPage(page, Optional.empty());
    }

    private static boolean matches(Event event, Set<BigInteger> addresses, List<Set<BigInteger>> keys) {
        if (!addresses.isEmpty() && !addresses.contains(event.fromAddress())) {
            return false;
        }
        for (int position = 0; position < keys.size(); position++) {
            Set<BigInteger> allowed = keys.get(position);
            if (allowed.isEmpty()) {
                continue;
            }
            if (position >= event.keys().size() || !allowed.contains(event.keys().get(position))) {
                return false;
            }
        }
        return true;
    }
}

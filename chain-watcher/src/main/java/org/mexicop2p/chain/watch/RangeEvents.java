package org.mexicop2p.chain.watch;

import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import org.mexicop2p.chain.escrow.DecodeResult;
import org.mexicop2p.chain.escrow.EscrowEventDecoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events of one block range, decoded page by page as the pages arrive: each event is checked (in a block of the
 * range, one hash per block), de-duplicated by (block hash, transaction hash, event index) and decoded. The first
 * inconsistency found is kept and the watcher commits nothing of the range. Not thread-safe: one reader fills it,
 * then hands it over.
 */
final class RangeEvents {

    /** One delivered, de-duplicated event and its decoding, with the position it is ordered by. */
    record Decoded(long blockNumber, int transactionIndex, int eventIndex, String transactionHash,
                   DecodeResult result) {
    }

    /**
     * The events of the block a range was cut before: read already, and carried into the range that continues the
     * same query, so the block is not read again.
     */
    record Carried(long blockNumber, String blockHash, List<Decoded> events, int duplicates) {
    }

    private static final Comparator<Decoded> CHAIN_ORDER = Comparator.comparingLong(Decoded::blockNumber)
            .thenComparingInt(Decoded::transactionIndex).thenComparingInt(Decoded::eventIndex);

    private final long from;
    private final long to;
    private final List<Decoded> decoded = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<Long, String> hashByNumber = new HashMap<>();
    /** Many events share a block: each block hash is rendered once. */
    private final Map<Felt, String> blockHashHex = new HashMap<>();
    private final Map<Long, Integer> duplicatesByBlock = new HashMap<>();
    private long highestBlock = -1;
    private boolean inBlockOrder = true;
    private String inconsistency;

    RangeEvents(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** The events of {@code from..to}, starting with those of block {@code from} carried over from a cut range. */
    RangeEvents(long from, long to, Carried carried) {
        this(from, to);
        if (carried.blockNumber() != from) {
            throw new IllegalArgumentException("carried block " + carried.blockNumber() + " is not block " + from);
        }
        hashByNumber.put(from, carried.blockHash());
        highestBlock = from;
        for (Decoded d : carried.events()) {
            seen.add(carried.blockHash() + '/' + d.transactionHash() + '/' + d.eventIndex());
            decoded.add(d);
        }
        if (carried.duplicates() > 0) {
            duplicatesByBlock.put(from, carried.duplicates());
        }
    }

    /** Checks, de-duplicates and decodes one page. */
    void add(List<EmittedEvent> page) {
        for (EmittedEvent e : page) {
            if (inconsistency != null) {
                return;
            }
            Integer number = e.getBlockNumber();
            String blockHash = e.getBlockHash() == null ? null
                    : blockHashHex.computeIfAbsent(e.getBlockHash(), EscrowEventDecoder::hex);
            if (blockHash == null || number == null || number < from || number > to) {
                inconsistency = "event of block " + number + " (hash " + blockHash + ") is outside blocks "
                        + from + ".." + to;
                return;
            }
            String known = hashByNumber.putIfAbsent(number.longValue(), blockHash);
            if (known != null && !known.equals(blockHash)) {
                inconsistency = "events of block " + number + " carry hashes " + known + " and " + blockHash;
                return;
            }
            inBlockOrder &= number >= highestBlock;
            highestBlock = Math.max(highestBlock, number);
            String txHash = EscrowEventDecoder.hex(e.getTransactionHash());
            if (!seen.add(blockHash + '/' + txHash + '/' + e.getEventIndex())) {
                duplicatesByBlock.merge(number.longValue(), 1, Integer::sum);
                continue;
            }
            decoded.add(new Decoded(number, e.getTransactionIndex(), e.getEventIndex(), txHash,
                    EscrowEventDecoder.decode(e, blockHash, txHash)));
        }
    }

    /**
     * Takes out the events of the highest block read, whose events may continue on a page not read yet: the range now
     * ends at the block before it, and the returned events start the next range. Empty (nothing taken) when that would
     * leave no block of the range, or when the node delivered events out of block order (then no block is known to be
     * complete).
     */
    Optional<Carried> cutBeforeLastBlock() {
        if (!inBlockOrder || highestBlock <= from) {
            return Optional.empty();
        }
        long cut = highestBlock;
        List<Decoded> carried = new ArrayList<>();
        decoded.removeIf(d -> d.blockNumber() == cut && carried.add(d));
        Integer duplicates = duplicatesByBlock.remove(cut);
        return Optional.of(new Carried(cut, hashByNumber.remove(cut), carried, duplicates == null ? 0 : duplicates));
    }

    /** Why the range cannot be trusted, or null. */
    String inconsistency() {
        return inconsistency;
    }

    /** Block number to hash, for every block with events. */
    Map<Long, String> hashByNumber() {
        return hashByNumber;
    }

    /** De-duplicated events kept. */
    int size() {
        return decoded.size();
    }

    /** Events delivered more than once (dropped). */
    int duplicates() {
        return duplicatesByBlock.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The kept events ordered by block, transaction index and event index. */
    List<Decoded> inChainOrder() {
        List<Decoded> ordered = new ArrayList<>(decoded);
        ordered.sort(CHAIN_ORDER);
        return ordered;
    }
}

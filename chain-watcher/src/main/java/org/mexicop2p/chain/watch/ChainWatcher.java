package org.mexicop2p.chain.watch;

import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.BlockWithTransactionHashes;
import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.GetEventsResult;
import com.swmansion.starknet.data.types.ProcessedBlockWithTransactionHashes;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.escrow.DecodeResult;
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.escrow.EscrowEventDecoder;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.chain.FeltHex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the escrow contract's order events and hands them to the core, one block range per poll:
 * <ol>
 *   <li>the head is {@code latest} (finality ACCEPTED_ON_L2) or {@code l1_accepted} (ACCEPTED_ON_L1), never
 *       {@code pre_confirmed};</li>
 *   <li>the cursor's block must still carry the stored hash; if not, a reorg happened: walk back through the stored
 *       hashes to the fork point, retract the orphaned facts and move the cursor there (one transaction);</li>
 *   <li>the headers of the next range must chain by {@code parent_hash} from the cursor, and every event must carry
 *       the hash of its block's header; otherwise the chain changed mid-read and nothing is committed;</li>
 *   <li>events are fetched page by page ({@code chunk_size}, continuation tokens), de-duplicated by
 *       (block hash, transaction hash, event index), decoded, and committed together with the cursor.</li>
 * </ol>
 * RPC failures propagate to the caller ({@link WatcherRunner} backs off); nothing is committed by a failed poll.
 */
@Singleton
public class ChainWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChainWatcher.class);
    /** JSON-RPC error BLOCK_NOT_FOUND. */
    private static final int BLOCK_NOT_FOUND = 24;
    /** The parent hash of block 0, and the hash of the virtual cursor "before block 0". */
    private static final String GENESIS_PARENT = "0x0";

    private final ChainConfig config;
    private final JsonRpcProvider rpc;
    private final WatcherLedger ledger;
    private final WatcherStatus status;
    private final WatcherLedger.BeforeCommit beforeCommit;
    private final Felt escrow;

    @Inject
    public ChainWatcher(ChainConfig config, JsonRpcProvider rpc, WatcherLedger ledger, WatcherStatus status) {
        this(config, rpc, ledger, status, WatcherLedger.BeforeCommit.NONE);
    }

    /** A watcher whose commits run {@code beforeCommit} last (fault injection in tests). */
    public ChainWatcher(ChainConfig config, JsonRpcProvider rpc, WatcherLedger ledger, WatcherStatus status,
                        WatcherLedger.BeforeCommit beforeCommit) {
        this.config = config;
        this.rpc = rpc;
        this.ledger = ledger;
        this.status = status;
        this.beforeCommit = beforeCommit;
        String address = FeltHex.parse(config.getEscrowAddress()).orElseThrow(() -> new IllegalArgumentException(
                "mp2p.chain.escrow-address must be a hex felt, got " + config.getEscrowAddress()));
        this.escrow = Felt.fromHex(address);
    }

    /** Polls once: rolls back a reorg, or applies the next block range, or finds nothing to do. */
    public PollOutcome pollOnce() {
        try {
            return poll();
        } catch (RuntimeException e) {
            status.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    private PollOutcome poll() {
        long head = head();
        Optional<BlockRef> stored = ledger.cursor();
        BlockRef cursor = stored.orElseGet(this::startingPoint);
        if (stored.isPresent() && cursor.blockNumber() >= 0) {
            Optional<BlockHeader> canonical = header(cursor.blockNumber());
            if (canonical.isEmpty() || !canonical.get().hash().equals(cursor.blockHash())) {
                return rollBack(cursor, head);
            }
        }
        if (head <= cursor.blockNumber()) {
            status.polled(head, cursor.blockNumber());
            return PollOutcome.UP_TO_DATE;
        }
        long to = Math.min(head, cursor.blockNumber() + config.getBlocksPerPoll());
        List<BlockHeader> headers = new ArrayList<>();
        String expectedParent = cursor.blockHash();
        for (long n = cursor.blockNumber() + 1; n <= to; n++) {
            Optional<BlockHeader> h = header(n);
            if (h.isEmpty() || (n > 0 && !h.get().parentHash().equals(expectedParent))) {
                return changedDuringRead(head, cursor, "block " + n + " does not extend " + expectedParent);
            }
            headers.add(h.get());
            expectedParent = h.get().hash();
        }
        List<EmittedEvent> emitted = fetchEvents(cursor.blockNumber() + 1, to);
        Map<Long, String> hashByNumber = new HashMap<>();
        headers.forEach(h -> hashByNumber.put(h.number(), h.hash()));
        Map<String, EmittedEvent> unique = new LinkedHashMap<>();
        for (EmittedEvent e : emitted) {
            String blockHash = e.getBlockHash() == null ? null : EscrowEventDecoder.hex(e.getBlockHash());
            if (e.getBlockNumber() == null || !String.valueOf(blockHash).equals(hashByNumber.get(
                    e.getBlockNumber().longValue()))) {
                return changedDuringRead(head, cursor, "event of block " + e.getBlockNumber() + " carries hash "
                        + blockHash + ", not the header's");
            }
            unique.putIfAbsent(blockHash + '/' + EscrowEventDecoder.hex(e.getTransactionHash()) + '/'
                    + e.getEventIndex(), e);
        }
        List<EmittedEvent> ordered = new ArrayList<>(unique.values());
        ordered.sort(Comparator.<EmittedEvent>comparingInt(e -> e.getBlockNumber())
                .thenComparingInt(EmittedEvent::getTransactionIndex)
                .thenComparingInt(EmittedEvent::getEventIndex));
        List<EscrowEvent> facts = new ArrayList<>(ordered.size());
        int undecodable = 0;
        for (EmittedEvent e : ordered) {
            DecodeResult decoded = EscrowEventDecoder.decode(e);
            if (decoded.decoded()) {
                facts.add(decoded.event());
            } else {
                undecodable++;
                LOG.error("escrow event not decodable ({}): tx {} event {} in block {}", decoded.rejection(),
                        e.getTransactionHash().hexString(), e.getEventIndex(), e.getBlockNumber());
            }
        }
        BlockHeader last = headers.get(headers.size() - 1);
        BlockRef next = new BlockRef(last.number(), last.hash());
        try {
            ledger.commitBatch(stored, next, headers, facts, config.getReorgWindowBlocks(), beforeCommit);
        } catch (WatcherLedger.StaleCursorException e) {
            status.failed(e.getMessage());
            return PollOutcome.CURSOR_MOVED_CONCURRENTLY;
        }
        status.applied(facts.size(), emitted.size() - unique.size(), undecodable);
        status.polled(head, next.blockNumber());
        return PollOutcome.ADVANCED;
    }

    private PollOutcome rollBack(BlockRef cursor, long head) {
        List<BlockRef> orphaned = new ArrayList<>();
        BlockRef fork = null;
        for (BlockRef known : ledger.recentBlocks(cursor.blockNumber(), config.getReorgWindowBlocks())) {
            Optional<BlockHeader> canonical = header(known.blockNumber());
            if (canonical.isPresent() && canonical.get().hash().equals(known.blockHash())) {
                fork = known;
                break;
            }
            orphaned.add(known);
        }
        if (fork == null) {
            long lowest = orphaned.isEmpty() ? cursor.blockNumber() : orphaned.get(orphaned.size() - 1).blockNumber();
            if (lowest > config.getStartBlock()) {
                // deeper than the remembered window: acting on a guess could apply facts twice, so stop here
                throw new IllegalStateException("reorg deeper than mp2p.chain.reorg-window-blocks ("
                        + config.getReorgWindowBlocks() + ") below block " + lowest + "; operator action needed");
            }
            fork = startingPoint();
        }
        ChainReorg reorg = new ChainReorg(fork, orphaned);
        try {
            ledger.commitReorg(cursor, reorg);
        } catch (WatcherLedger.StaleCursorException e) {
            status.failed(e.getMessage());
            return PollOutcome.CURSOR_MOVED_CONCURRENTLY;
        }
        LOG.warn("reorg: rolled back from block {} to fork point {} ({} orphaned blocks)", cursor.blockNumber(),
                fork.blockNumber(), orphaned.size());
        status.reorged();
        status.polled(head, fork.blockNumber());
        return PollOutcome.ROLLED_BACK;
    }

    private PollOutcome changedDuringRead(long head, BlockRef cursor, String why) {
        LOG.info("chain changed while reading after block {}: {}; retrying", cursor.blockNumber(), why);
        status.polled(head, cursor.blockNumber());
        return PollOutcome.CHAIN_CHANGED_DURING_READ;
    }

    /** The virtual cursor before the configured start block: its parent, whose hash the first block must extend. */
    private BlockRef startingPoint() {
        long start = config.getStartBlock();
        if (start == 0) {
            return new BlockRef(-1, GENESIS_PARENT);
        }
        BlockHeader parent = header(start - 1).orElseThrow(() -> new IllegalStateException(
                "mp2p.chain.start-block " + start + " is beyond the chain head"));
        return new BlockRef(parent.number(), parent.hash());
    }

    private long head() {
        if (config.getFinality() == ChainConfig.Finality.ACCEPTED_ON_L1) {
            try {
                BlockWithTransactionHashes b = rpc.getBlockWithTxHashes(BlockTag.L1_ACCEPTED).send();
                return b instanceof ProcessedBlockWithTransactionHashes p ? p.getBlockNumber() : -1;
            } catch (RpcRequestFailedException e) {
                if (e.getCode() == BLOCK_NOT_FOUND) {
                    return -1;
                }
                throw e;
            }
        }
        return rpc.getBlockNumber().send().getValue();
    }

    private Optional<BlockHeader> header(long number) {
        try {
            BlockWithTransactionHashes b = rpc.getBlockWithTxHashes(Math.toIntExact(number)).send();
            if (b instanceof ProcessedBlockWithTransactionHashes p) {
                return Optional.of(new BlockHeader(p.getBlockNumber(), EscrowEventDecoder.hex(p.getBlockHash()),
                        EscrowEventDecoder.hex(p.getParentHash())));
            }
            return Optional.empty();
        } catch (RpcRequestFailedException e) {
            if (e.getCode() == BLOCK_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<EmittedEvent> fetchEvents(long from, long to) {
        List<EmittedEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            if (++pages > config.getMaxPagesPerPoll()) {
                throw new IllegalStateException("more than " + config.getMaxPagesPerPoll() + " pages of events in "
                        + "blocks " + from + ".." + to + "; lower mp2p.chain.blocks-per-poll");
            }
            GetEventsResult page = rpc.getEvents(new GetEventsPayload(new BlockId.Number(Math.toIntExact(from)),
                    new BlockId.Number(Math.toIntExact(to)), new AddressFilter.Single(escrow),
                    EscrowAbi.ORDER_EVENT_KEYS, config.getChunkSize(), token)).send();
            all.addAll(page.getEvents());
            token = page.getContinuationToken();
        } while (token != null);
        return all;
    }
}

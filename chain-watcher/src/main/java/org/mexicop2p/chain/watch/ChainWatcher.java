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
import jakarta.annotation.PreDestroy;
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
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the escrow contract's order events and hands them to the core, one block range per poll:
 * <ol>
 *   <li>the head is {@code latest} (finality ACCEPTED_ON_L2) or {@code l1_accepted} (ACCEPTED_ON_L1), never
 *       {@code pre_confirmed};</li>
 *   <li>the cursor's block must still carry the stored hash; if not, a reorg happened: walk back through the stored
 *       hashes to the fork point, retract the orphaned facts and move the cursor there (one transaction);</li>
 *   <li>the next range's first block must have the cursor as {@code parent_hash}, its last block must keep its hash
 *       while the events are read, and events of one block must carry one hash (that of the header where read);
 *       otherwise the chain changed mid-read and nothing is committed. Only these few headers are fetched, not one
 *       per block: a block hash commits to its whole ancestry;</li>
 *   <li>events are fetched page by page ({@code chunk_size}, continuation tokens), de-duplicated by
 *       (block hash, transaction hash, event index), decoded, and committed together with the cursor.</li>
 * </ol>
 * While one range is decoded and committed, the next one is read ahead on a second thread (catching up is bound by
 * the node's latency otherwise); a read-ahead is checked exactly like a direct read, and dropped on any doubt.
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
    private ExecutorService prefetcher;
    private CompletableFuture<RangeRead> prefetch;

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
        RangeRead read = takePrefetched(cursor.blockNumber() + 1).orElseGet(
                () -> readRange(cursor.blockNumber() + 1, to));
        if (read.to() < head) {
            // read the next range while this one is decoded and committed; it is validated like any read
            prefetchAfter(read.to(), Math.min(head, read.to() + config.getBlocksPerPoll()));
        }
        if (read.first() == null || read.last() == null) {
            discardPrefetch();
            return changedDuringRead(head, cursor, "blocks " + read.from() + ".." + read.to() + " are gone");
        }
        if (read.from() > 0 && !read.first().parentHash().equals(cursor.blockHash())) {
            discardPrefetch();
            return changedDuringRead(head, cursor, "block " + read.from() + " does not extend " + cursor.blockHash());
        }
        if (!read.lastStable()) {
            discardPrefetch();
            return changedDuringRead(head, cursor, "block " + read.to() + " changed while its events were read");
        }
        List<EmittedEvent> emitted = read.events();
        // the hash of every block that carries facts: events must agree with the headers read and among themselves
        Map<Long, String> hashByNumber = new TreeMap<>();
        hashByNumber.put(read.first().number(), read.first().hash());
        hashByNumber.put(read.last().number(), read.last().hash());
        Map<String, HexEvent> unique = new LinkedHashMap<>();
        // many events share a block: render each block hash once
        Map<Felt, String> blockHashHex = new HashMap<>();
        for (EmittedEvent e : emitted) {
            String blockHash = e.getBlockHash() == null ? null
                    : blockHashHex.computeIfAbsent(e.getBlockHash(), EscrowEventDecoder::hex);
            Integer number = e.getBlockNumber();
            if (blockHash == null || number == null || number < read.from() || number > read.to()
                    || !blockHash.equals(hashByNumber.computeIfAbsent(number.longValue(), n -> blockHash))) {
                discardPrefetch();
                return changedDuringRead(head, cursor, "event of block " + number + " carries hash "
                        + blockHash + ", not the canonical one");
            }
            String txHash = EscrowEventDecoder.hex(e.getTransactionHash());
            unique.putIfAbsent(blockHash + '/' + txHash + '/' + e.getEventIndex(), new HexEvent(e, blockHash, txHash));
        }
        List<HexEvent> ordered = new ArrayList<>(unique.values());
        ordered.sort(Comparator.<HexEvent>comparingInt(h -> h.event().getBlockNumber())
                .thenComparingInt(h -> h.event().getTransactionIndex())
                .thenComparingInt(h -> h.event().getEventIndex()));
        List<EscrowEvent> facts = new ArrayList<>(ordered.size());
        int undecodable = 0;
        for (HexEvent h : ordered) {
            EmittedEvent e = h.event();
            DecodeResult decoded = EscrowEventDecoder.decode(e, h.blockHash(), h.transactionHash());
            if (decoded.decoded()) {
                facts.add(decoded.event());
            } else {
                undecodable++;
                LOG.error("escrow event not decodable ({}): tx {} event {} in block {}", decoded.rejection(),
                        e.getTransactionHash().hexString(), e.getEventIndex(), e.getBlockNumber());
            }
        }
        BlockRef next = new BlockRef(read.last().number(), read.last().hash());
        List<BlockRef> blocks = new ArrayList<>(hashByNumber.size());
        hashByNumber.forEach((number, hash) -> blocks.add(new BlockRef(number, hash)));
        try {
            ledger.commitBatch(stored, next, blocks, facts, config.getReorgWindowBlocks(), beforeCommit);
        } catch (WatcherLedger.StaleCursorException e) {
            discardPrefetch();
            status.failed(e.getMessage());
            return PollOutcome.CURSOR_MOVED_CONCURRENTLY;
        }
        status.applied(facts.size(), emitted.size() - unique.size(), undecodable);
        status.polled(head, next.blockNumber());
        return PollOutcome.ADVANCED;
    }

    private PollOutcome rollBack(BlockRef cursor, long head) {
        discardPrefetch();
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

    /**
     * Blocks {@code from..to} as read from the node: the first block's header (its parent must be the cursor), the
     * last one's header read before and after the events (if it did not change, the whole chain up to it did not, as
     * every block hash commits to its parent), and the events. {@code first}/{@code last} are null when the chain
     * no longer reaches that far.
     */
    private record RangeRead(long from, long to, BlockHeader first, BlockHeader last, boolean lastStable,
                             List<EmittedEvent> events) {
    }

    /** An emitted event with its block and transaction hashes already rendered as canonical hex. */
    private record HexEvent(EmittedEvent event, String blockHash, String transactionHash) {
    }

    private RangeRead readRange(long from, long to) {
        BlockHeader first = header(from).orElse(null);
        BlockHeader last = from == to ? first : header(to).orElse(null);
        if (first == null || last == null) {
            return new RangeRead(from, to, first, last, false, List.of());
        }
        List<EmittedEvent> events = fetchEvents(from, to);
        boolean stable = header(to).map(last::equals).orElse(false);
        return new RangeRead(from, to, first, last, stable, events);
    }

    private synchronized Optional<RangeRead> takePrefetched(long from) {
        CompletableFuture<RangeRead> pending = prefetch;
        prefetch = null;
        if (pending == null) {
            return Optional.empty();
        }
        try {
            RangeRead read = pending.join();
            return read.from() == from ? Optional.of(read) : Optional.empty();
        } catch (CompletionException | CancellationException e) {
            // the read-ahead failed (RPC fault); read again now, in the caller's error handling
            return Optional.empty();
        }
    }

    private synchronized void prefetchAfter(long last, long to) {
        if (prefetcher == null) {
            prefetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "chain-watcher-read-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        prefetch = CompletableFuture.supplyAsync(() -> readRange(last + 1, to), prefetcher);
    }

    private synchronized void discardPrefetch() {
        if (prefetch != null) {
            prefetch.cancel(false);
            prefetch = null;
        }
    }

    /** Stops the read-ahead thread; pending reads are abandoned (nothing was committed from them). */
    @PreDestroy
    public synchronized void close() {
        discardPrefetch();
        if (prefetcher != null) {
            prefetcher.shutdownNow();
        }
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

package org.mexicop2p.chain.watch;

import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.BlockWithTransactionHashes;
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
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.escrow.EscrowEventDecoder;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.leadership.FencedOutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

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
 *   <li>events are fetched page by page ({@code chunk_size}, continuation tokens; each page is decoded while the
 *       next one is requested), de-duplicated by (block hash, transaction hash, event index), decoded, and committed
 *       together with the cursor. A range with more than {@code max-events-per-commit} events is cut after its last
 *       completely read block, so one transaction stays bounded; the next range continues the same query (its
 *       continuation token), starting with the cut block's events already read, so no block is read twice.</li>
 * </ol>
 * While one range is decoded and committed, the next one is read ahead on a second thread (catching up is bound by
 * the node's latency otherwise); a read-ahead is checked exactly like a direct read, and dropped on any doubt. A
 * read-ahead whose first block extends the cursor replaces steps 1 and 2 of the next poll: the head it was planned
 * against bounds the range, and the extension proves the cursor canonical when the read-ahead was made.
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
        Optional<BlockRef> stored = ledger.cursor();
        BlockRef cursor = stored.orElseGet(this::startingPoint);
        // A read-ahead whose first block extends the cursor stands in for the head and reorg checks: it was read after
        // the cursor's range, and its first header, fetched then, names the cursor's block as parent, so the cursor
        // was canonical when it was read. A reorg after that read is found by the next read, which must extend it.
        Optional<RangeRead> ahead = takePrefetched(cursor.blockNumber() + 1)
                .filter(r -> r.first() != null && r.first().parentHash().equals(cursor.blockHash()));
        long head;
        RangeRead read;
        if (ahead.isPresent()) {
            read = ahead.get();
            head = read.head();
        } else {
            head = head();
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
            read = readRange(cursor.blockNumber() + 1, Math.min(head, cursor.blockNumber() + config.getBlocksPerPoll()),
                    head);
        }
        if (read.rest() != null) {
            // a cut range: the rest of its query is read on (the cut block's events included) while this part commits
            prefetch(() -> continueRead(read.rest(), read.head()));
        } else if (read.to() < head) {
            // read the next range while this one is decoded and committed; it is validated like any read
            long after = read.to();
            long knownHead = head;
            prefetch(() -> readRange(after + 1, Math.min(knownHead, after + config.getBlocksPerPoll()), knownHead));
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
        RangeEvents events = read.events();
        if (events.inconsistency() != null) {
            discardPrefetch();
            return changedDuringRead(head, cursor, events.inconsistency());
        }
        // events must carry the hash of the headers read at both ends of the range
        for (BlockHeader end : List.of(read.first(), read.last())) {
            String carried = events.hashByNumber().get(end.number());
            if (carried != null && !carried.equals(end.hash())) {
                discardPrefetch();
                return changedDuringRead(head, cursor, "event of block " + end.number() + " carries hash "
                        + carried + ", not the canonical one");
            }
        }
        Map<Long, String> hashByNumber = new TreeMap<>(events.hashByNumber());
        hashByNumber.put(read.first().number(), read.first().hash());
        hashByNumber.put(read.last().number(), read.last().hash());
        List<EscrowEvent> facts = new ArrayList<>(events.size());
        int undecodable = 0;
        for (RangeEvents.Decoded d : events.inChainOrder()) {
            if (d.result().decoded()) {
                facts.add(d.result().event());
            } else {
                undecodable++;
                LOG.error("escrow event not decodable ({}): tx {} event {} in block {}", d.result().rejection(),
                        d.transactionHash(), d.eventIndex(), d.blockNumber());
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
        } catch (FencedOutException e) {
            discardPrefetch();
            status.failed(e.getMessage());
            return PollOutcome.FENCED_OUT;
        }
        status.applied(facts.size(), events.duplicates(), undecodable);
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
        } catch (FencedOutException e) {
            status.failed(e.getMessage());
            return PollOutcome.FENCED_OUT;
        }
        LOG.warn("reorg: rolled back from block {} to fork point {} ({} orphaned blocks)", cursor.blockNumber(),
                fork.blockNumber(), orphaned.size());
        status.reorged();
        status.polled(head, fork.blockNumber());
        return PollOutcome.ROLLED_BACK;
    }

    /**
     * Blocks {@code from..to} as read from the node: the first block's header (its parent must be the cursor), the
     * last one's header, and the events, decoded. {@code lastStable}: the header of the block the events were
     * requested up to was the same before and after they were read (then the whole chain up to it did not change, as
     * every block hash commits to its parent). When the range was cut to bound the commit, {@code to} is the cut
     * block and {@code last} its header, read while that chain was held stable, and {@code rest} says how the query
     * goes on. {@code first}/{@code last} are null when the chain no longer reaches that far. {@code head} is the chain
     * head the range was planned against.
     */
    private record RangeRead(long from, long to, BlockHeader first, BlockHeader last, boolean lastStable,
                             RangeEvents events, Continuation rest, long head) {
    }

    /**
     * Where the query of a cut range stopped: the events of blocks {@code carried.blockNumber()..last} are the rest
     * of the query of blocks {@code queryFrom..last}, from {@code token} on, plus the events already read of the block
     * the range was cut before. {@code last} is the header read before the query's first page: a continued read is
     * stable only if that header is still the same after its own last page, so the whole query saw one chain.
     */
    private record Continuation(long queryFrom, BlockHeader last, String token, RangeEvents.Carried carried) {
    }

    /** What a query's pages gave: the last block whose events are all read, and how the query goes on if cut. */
    private record Fetched(long end, String token, RangeEvents.Carried carried) {
    }

    private RangeRead readRange(long from, long to, long head) {
        BlockHeader first = header(from).orElse(null);
        BlockHeader last = from == to ? first : header(to).orElse(null);
        RangeEvents events = new RangeEvents(from, to);
        if (first == null || last == null) {
            return new RangeRead(from, to, first, last, false, events, null, head);
        }
        return readEvents(from, first, last, events, from, null, head);
    }

    /** Reads the rest of a cut range's query: the cut block is not read again, its events are carried over. */
    private RangeRead continueRead(Continuation rest, long head) {
        long from = rest.carried().blockNumber();
        long to = rest.last().number();
        BlockHeader first = header(from).orElse(null);
        RangeEvents events = new RangeEvents(from, to, rest.carried());
        if (first == null) {
            return new RangeRead(from, to, null, rest.last(), false, events, null, head);
        }
        return readEvents(from, first, rest.last(), events, rest.queryFrom(), rest.token(), head);
    }

    private RangeRead readEvents(long from, BlockHeader first, BlockHeader last, RangeEvents events, long queryFrom,
                                 String token, long head) {
        long to = last.number();
        Fetched fetched = fetchEvents(queryFrom, to, token, events);
        // the cut block's header is read before the re-read of the range's last header, so a stable last header
        // proves the cut header was canonical when read
        BlockHeader endHeader = fetched.end() == to ? last : header(fetched.end()).orElse(null);
        boolean stable = header(to).map(last::equals).orElse(false);
        Continuation rest = fetched.carried() == null ? null
                : new Continuation(queryFrom, last, fetched.token(), fetched.carried());
        return new RangeRead(from, fetched.end(), first, endHeader, stable, events, rest, head);
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

    private synchronized void prefetch(Supplier<RangeRead> read) {
        if (prefetcher == null) {
            prefetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "chain-watcher-read-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        prefetch = CompletableFuture.supplyAsync(read, prefetcher);
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

    /**
     * Pages through the events of {@code from..to} into {@code into}, from {@code continuationToken} on (null: from
     * the start), decoding each page while the next one is on its way (the node's latency and the client's JSON
     * parsing then overlap the decoding). Stops early when one more page could take {@code into} past
     * {@code max-events-per-commit} events: the range is cut before the last block read (whose events may continue
     * on the next page), and that block's events and the next page's token are returned to continue the query.
     */
    private Fetched fetchEvents(long from, long to, String continuationToken, RangeEvents into) {
        CompletableFuture<GetEventsResult> pending = requestPage(from, to, continuationToken);
        int pages = 0;
        long received = into.size();
        try {
            while (true) {
                if (++pages > config.getMaxPagesPerPoll()) {
                    throw new IllegalStateException("more than " + config.getMaxPagesPerPoll() + " pages of events "
                            + "in blocks " + from + ".." + to + "; lower mp2p.chain.blocks-per-poll");
                }
                GetEventsResult page = await(pending);
                pending = null;
                String token = page.getContinuationToken();
                received += page.getEvents().size();
                // stop before a page that could take the range past the bound
                boolean full = token != null && received + config.getChunkSize() > config.getMaxEventsPerCommit();
                if (token != null && !full) {
                    pending = requestPage(from, to, token);
                }
                into.add(page.getEvents());
                if (token == null) {
                    return new Fetched(to, null, null);
                }
                if (full) {
                    Optional<RangeEvents.Carried> cut = into.cutBeforeLastBlock();
                    if (cut.isPresent()) {
                        return new Fetched(cut.get().blockNumber() - 1, token, cut.get());
                    }
                    // one block holds all events read so far: it cannot be split, so read on
                    pending = requestPage(from, to, token);
                }
            }
        } finally {
            if (pending != null) {
                pending.cancel(true);
            }
        }
    }

    private CompletableFuture<GetEventsResult> requestPage(long from, long to, String continuationToken) {
        return rpc.getEvents(new GetEventsPayload(new BlockId.Number(Math.toIntExact(from)),
                new BlockId.Number(Math.toIntExact(to)), new AddressFilter.Single(escrow),
                EscrowAbi.ORDER_EVENT_KEYS, config.getChunkSize(), continuationToken)).sendAsync();
    }

    /**
     * The result of an asynchronous RPC call, failing the way a blocking call does. The join needs no timeout of its
     * own: the transport ({@link org.mexicop2p.chain.rpc.JdkHttpService}) completes every call, body included, within
     * {@code rpc-timeout-ms}.
     */
    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof IOException cause) {
                throw new UncheckedIOException("RPC call failed: " + cause.getMessage(), cause);
            }
            throw e;
        }
    }
}

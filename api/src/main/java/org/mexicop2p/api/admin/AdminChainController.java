package org.mexicop2p.api.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.chain.watch.WatcherStatus;
import org.mexicop2p.settlement.leadership.ChainLeadership;

import java.time.Instant;

/**
 * {@code GET /admin/v1/chain/status}: the chain watcher's figures on this daemon (head, cursor, lag, last error,
 * counters) and who leads the chain work across daemons (holder, fencing token, expiry, whether it is this daemon).
 * A follower's watcher figures stay empty: only the leader polls.
 */
@Controller("/admin/v1/chain")
@Tag(name = "Admin API")
@SecurityRequirement(name = "adminToken")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminChainController {

    /** The watcher's figures on this daemon; times are ISO-8601 UTC, null before the first poll. */
    @Serdeable
    public record Watcher(long headBlock, long cursorBlock, long lagBlocks, @Nullable String lastPollAt,
                          @Nullable String lastSuccessAt, @Nullable String lastError, @Nullable String lastErrorAt,
                          long eventsApplied, long reorgs, long duplicateEventsDropped, long undecodableEvents,
                          long consecutiveFailures) {
        static Watcher of(WatcherStatus.Snapshot s) {
            return new Watcher(s.headBlock(), s.cursorBlock(), s.lagBlocks(), iso(s.lastPollAt()),
                    iso(s.lastSuccessAt()), s.lastError(), iso(s.lastErrorAt()), s.eventsApplied(), s.reorgs(),
                    s.duplicateEventsDropped(), s.undecodableEvents(), s.consecutiveFailures());
        }
    }

    /** The chain-leader lease as the database holds it; {@code holderId} is null when nobody holds it. */
    @Serdeable
    public record Leadership(String role, @Nullable String holderId, long fencingToken, String expiresAt,
                             String instanceId, boolean isMe) {
        static Leadership of(ChainLeadership.State s) {
            return new Leadership(s.role(), s.holderId(), s.fencingToken(), iso(s.expiresAt()), s.instanceId(),
                    s.isMe());
        }
    }

    @Serdeable
    public record ChainStatus(Watcher watcher, Leadership leadership) {
    }

    private final WatcherStatus watcher;
    private final ChainLeadership leadership;

    public AdminChainController(WatcherStatus watcher, ChainLeadership leadership) {
        this.watcher = watcher;
        this.leadership = leadership;
    }

    @Get(uri = "/status", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Chain watcher status on this daemon and the chain-leader lease (holder, token, is-me)")
    public ChainStatus status() {
        return new ChainStatus(Watcher.of(watcher.snapshot()), Leadership.of(leadership.state()));
    }

    private static String iso(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

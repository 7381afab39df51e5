package org.mexicop2p.api.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.testsupport.DatabaseTest;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code GET /admin/v1/chain/status} over real HTTP and the chain gauges: a lone daemon holds the chain-leader lease
 * from startup, and both say so.
 */
@MicronautTest(transactional = false)
@DatabaseTest
class AdminChainStatusTest extends ApiTestBase {

    @Inject
    ChainLeadership leadership;
    @Inject
    MeterRegistry meters;

    @Test
    void statusShowsTheWatcherAndTheLeaseHolder() {
        assertEquals(401, api().get("/admin/v1/chain/status").status());

        Reply status = api().get("/admin/v1/chain/status", admin());
        assertEquals(200, status.status(), status.raw());
        @SuppressWarnings("unchecked")
        Map<String, Object> lease = (Map<String, Object>) status.get("leadership");
        assertEquals("chain-leader", lease.get("role"));
        assertEquals(leadership.instanceId(), lease.get("holderId"));
        assertEquals(leadership.instanceId(), lease.get("instanceId"));
        assertEquals(Boolean.TRUE, lease.get("isMe"));
        assertEquals(1, ((Number) lease.get("fencingToken")).intValue());
        assertNotNull(lease.get("expiresAt"));
        @SuppressWarnings("unchecked")
        Map<String, Object> watcher = (Map<String, Object>) status.get("watcher");
        assertEquals(0, ((Number) watcher.get("lagBlocks")).intValue());

        assertEquals(1.0, meters.get("mp2p.chain.leader").gauge().value());
        assertEquals(1.0, meters.get("mp2p.chain.leader.fencing.token").gauge().value());
        assertEquals(0.0, meters.get("mp2p.chain.lag.blocks").gauge().value());
    }
}

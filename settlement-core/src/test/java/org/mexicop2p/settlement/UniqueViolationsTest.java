package org.mexicop2p.settlement;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.exceptions.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mexicop2p.settlement.kyc.KycLevel;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.PartnerService;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.user.PartnerUser;
import org.mexicop2p.settlement.user.PartnerUserRepository;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failures the real drivers raise, as the repositories wrap them: only a duplicate key is a unique violation. */
@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniqueViolationsTest {

    private ApplicationContext ctx;

    @BeforeAll
    void start() {
        Map<String, Object> p = new HashMap<>(TestDatabase.create().micronautProperties());
        p.put("flyway.datasources.default.enabled", "true");
        p.put("test.lifecycle", "true");
        p.put("mp2p.lifecycle.effects-enabled", "false");
        ctx = ApplicationContext.run(p);
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @Test
    void onlyADuplicateKeyIsAUniqueViolation() {
        UUID partnerId = ctx.getBean(PartnerService.class).onboard("Partner " + UUID.randomUUID(), Tier.GROWTH,
                KycModel.PARTNER_MANAGED, List.of()).partner().id();
        PartnerUserRepository users = ctx.getBean(PartnerUserRepository.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        users.save(new PartnerUser(UUID.randomUUID(), partnerId, "taken", KycLevel.NONE, null, now, null));

        DataAccessException duplicate = assertThrows(DataAccessException.class, () -> users.save(
                new PartnerUser(UUID.randomUUID(), partnerId, "taken", KycLevel.NONE, null, now, null)));
        assertTrue(UniqueViolations.causedBy(duplicate), duplicate::toString);

        DataAccessException tooLong = assertThrows(DataAccessException.class, () -> users.save(
                new PartnerUser(UUID.randomUUID(), partnerId, "x".repeat(200), KycLevel.NONE, null, now, null)));
        assertFalse(UniqueViolations.causedBy(tooLong), tooLong::toString);
        assertFalse(UniqueViolations.causedBy(new IllegalStateException("no database involved")));
    }
}

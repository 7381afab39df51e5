package org.mexicop2p.settlement.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryScheduleTest {

    @Test
    void theDefaultSpreadsNineAttemptsOverNearlyThreeDays() {
        RetrySchedule s = RetrySchedule.DEFAULT;
        assertEquals(9, s.maxAttempts());
        assertEquals(Optional.of(Duration.ofMinutes(1)), s.delayAfterFailedAttempts(1));
        assertEquals(Optional.of(Duration.ofMinutes(5)), s.delayAfterFailedAttempts(2));
        assertEquals(Optional.of(Duration.ofHours(24)), s.delayAfterFailedAttempts(8));
        assertEquals(Optional.empty(), s.delayAfterFailedAttempts(9));
        assertEquals(Duration.ofHours(67).plusMinutes(21), s.totalSpan());
    }

    @Test
    void badSchedulesAndCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.DEFAULT.delayAfterFailedAttempts(0));
    }
}

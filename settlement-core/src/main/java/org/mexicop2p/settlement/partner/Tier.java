package org.mexicop2p.settlement.partner;

import org.mexicop2p.settlement.money.Mxn;

/**
 * A partner's plan and the limits that come with it. Requests/minute, monthly users and monthly volume are the
 * published figures of the partner documentation. The daily volume and the monthly KYC-session allocation are not
 * published; they are our operating choice (a Free partner cannot move half its month in one day). {@code null}
 * means unlimited.
 */
public enum Tier {
    FREE(50, 10L, Mxn.pesos(25_000), Mxn.pesos(50_000), 10L),
    GROWTH(200, 500L, Mxn.pesos(200_000), Mxn.pesos(1_000_000), 100L),
    ENTERPRISE(1_000, null, null, null, null);

    private final int requestsPerMinute;
    private final Long monthlyUsers;
    private final Long dailyVolumeCentavos;
    private final Long monthlyVolumeCentavos;
    private final Long monthlyKycSessions;

    Tier(int requestsPerMinute, Long monthlyUsers, Long dailyVolumeCentavos, Long monthlyVolumeCentavos,
         Long monthlyKycSessions) {
        this.requestsPerMinute = requestsPerMinute;
        this.monthlyUsers = monthlyUsers;
        this.dailyVolumeCentavos = dailyVolumeCentavos;
        this.monthlyVolumeCentavos = monthlyVolumeCentavos;
        this.monthlyKycSessions = monthlyKycSessions;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Users a partner may register per calendar month, or {@code null} for unlimited. */
    public Long monthlyUsers() {
        return monthlyUsers;
    }

    public Long dailyVolumeCentavos() {
        return dailyVolumeCentavos;
    }

    public Long monthlyVolumeCentavos() {
        return monthlyVolumeCentavos;
    }

    public Long monthlyKycSessions() {
        return monthlyKycSessions;
    }
}

package org.mexicop2p.settlement.revenue;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.Tier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The revenue ledger: when an order completes, the partner's fee is split into the platform's share (Free 30 %,
 * Growth 20 %, Enterprise per contract from {@code mp2p.revenue.enterprise-platform-share-percent}) and the partner's
 * revenue, in centavos, rounded half-up. One row per order (the primary key), written in the completing transaction.
 */
@Singleton
public class RevenueLedger {

    /** Longest range one query may span, so a partner cannot make the database scan its whole history at once. */
    public static final int MAX_RANGE_DAYS = 366;
    /** Most entries one query returns. */
    public static final int MAX_ENTRIES = 1000;

    /** One completed order's fee split. */
    public record Entry(UUID orderId, UUID partnerId, Tier tier, long grossCentavos, long feeCentavos,
                        BigDecimal platformSharePercent, long platformShareCentavos, long partnerRevenueCentavos,
                        Instant bookedAt) {
    }

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;
    private final BigDecimal enterpriseSharePercent;

    public RevenueLedger(JdbcOperations jdbc, TransactionOperations<Connection> tx,
                         @Value("${mp2p.revenue.enterprise-platform-share-percent:15}") BigDecimal enterprisePercent) {
        if (enterprisePercent.signum() < 0 || enterprisePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalStateException("mp2p.revenue.enterprise-platform-share-percent must be 0..100, got "
                    + enterprisePercent);
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.enterpriseSharePercent = enterprisePercent.setScale(2, RoundingMode.HALF_UP);
    }

    public BigDecimal platformSharePercent(Tier tier) {
        return switch (tier) {
            case FREE -> new BigDecimal("30.00");
            case GROWTH -> new BigDecimal("20.00");
            case ENTERPRISE -> enterpriseSharePercent;
        };
    }

    /** The platform's share of a fee, half-up to the centavo. */
    public long platformShareCentavos(long feeCentavos, Tier tier) {
        return BigDecimal.valueOf(feeCentavos).multiply(platformSharePercent(tier))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Books a completed order; returns false (and writes nothing) when it was booked before. */
    public boolean book(SettlementOrder order, Tier tier, Instant now) {
        long share = platformShareCentavos(order.feeCentavos(), tier);
        Connection c = jdbc.getConnection();
        try {
            try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM revenue_entry WHERE order_id = ?")) {
                seen.setObject(1, order.id());
                try (ResultSet rs = seen.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO revenue_entry (order_id, partner_id, tier, "
                    + "gross_centavos, fee_centavos, platform_share_percent, platform_share_centavos, "
                    + "partner_revenue_centavos, booked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, order.id());
                insert.setObject(2, order.partnerId());
                insert.setString(3, tier.name());
                insert.setLong(4, order.grossCentavos());
                insert.setLong(5, order.feeCentavos());
                insert.setBigDecimal(6, platformSharePercent(tier));
                insert.setLong(7, share);
                insert.setLong(8, order.feeCentavos() - share);
                insert.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot book revenue of order " + order.id() + ": " + e.getMessage(), e);
        }
    }

    /** The partner's entries booked in {@code [from, to)}, oldest first, at most {@link #MAX_ENTRIES}. */
    public List<Entry> entries(UUID partnerId, Instant from, Instant to) {
        return tx.executeRead(status -> entriesInTransaction(partnerId, from, to));
    }

    private List<Entry> entriesInTransaction(UUID partnerId, Instant from, Instant to) {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT order_id, partner_id, tier, "
                + "gross_centavos, fee_centavos, platform_share_percent, platform_share_centavos, "
                + "partner_revenue_centavos, booked_at FROM revenue_entry WHERE partner_id = ? AND booked_at >= ? "
                + "AND booked_at < ? ORDER BY booked_at, order_id LIMIT " + MAX_ENTRIES)) {
            s.setObject(1, partnerId);
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            Tier.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5),
                            rs.getBigDecimal(6).setScale(2, RoundingMode.UNNECESSARY), rs.getLong(7), rs.getLong(8),
                            rs.getObject(9, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read revenue of partner " + partnerId + ": " + e.getMessage(), e);
        }
        return entries;
    }
}

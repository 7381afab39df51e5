package org.mexicop2p.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.auth.PartnerAuthFilter;
import org.mexicop2p.api.error.ApiException;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.revenue.RevenueLedger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The partner's revenue ledger: per completed order, its fee, the platform's share and what the partner keeps, for
 * the UTC days {@code from} to {@code to} (both included, at most {@link RevenueLedger#MAX_RANGE_DAYS} days).
 */
@Controller("/api/v1/revenue")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RevenueController {

    @Serdeable
    public record Entry(String orderId, String tier, BigDecimal grossAmountMxn, BigDecimal feeAmountMxn,
                        BigDecimal platformSharePercent, BigDecimal platformShareMxn, BigDecimal partnerRevenueMxn,
                        String bookedAt) {
    }

    /** Totals over the returned entries; {@code truncated} when the range held more than the cap. */
    @Serdeable
    public record Revenue(String from, String to, int orders, BigDecimal feeAmountMxn, BigDecimal platformShareMxn,
                          BigDecimal partnerRevenueMxn, boolean truncated, List<Entry> entries) {
    }

    private final RevenueLedger ledger;

    public RevenueController(RevenueLedger ledger) {
        this.ledger = ledger;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Fees and revenue share of the partner's completed orders, per UTC day range "
            + "(from and to as YYYY-MM-DD, both included, at most 366 days)")
    public Revenue revenue(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                           @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "to: must not be before from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > RevenueLedger.MAX_RANGE_DAYS) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR,
                    "to: the range spans at most " + RevenueLedger.MAX_RANGE_DAYS + " days");
        }
        List<RevenueLedger.Entry> entries = ledger.entries(partner.id(), first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        long fee = 0;
        long share = 0;
        long kept = 0;
        for (RevenueLedger.Entry e : entries) {
            fee += e.feeCentavos();
            share += e.platformShareCentavos();
            kept += e.partnerRevenueCentavos();
        }
        return new Revenue(first.toString(), last.toString(), entries.size(), Mxn.fromCentavos(fee),
                Mxn.fromCentavos(share), Mxn.fromCentavos(kept), entries.size() == RevenueLedger.MAX_ENTRIES,
                entries.stream().map(e -> new Entry(e.orderId().toString(), e.tier().name(),
                        Mxn.fromCentavos(e.grossCentavos()), Mxn.fromCentavos(e.feeCentavos()),
                        e.platformSharePercent(), Mxn.fromCentavos(e.platformShareCentavos()),
                        Mxn.fromCentavos(e.partnerRevenueCentavos()), e.bookedAt().toString())).toList());
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.length() != 10) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, field + ": a date as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, field + ": a date as YYYY-MM-DD");
        }
    }
}

package org.mexicop2p.api.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.dispute.DisputeOutcome;
import org.mexicop2p.settlement.dispute.Disputes;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.payment.PaymentReceipt;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operators read disputed orders with their evidence and decide them. A decision is a lifecycle fact: who decided
 * and why go into the order's timeline, the payout (release to the buyer or refund to the seller, through the
 * contract's arbiter call) follows after commit, and the order completes or is refunded when the chain confirms it.
 */
@Controller("/admin/v1/disputes")
@Tag(name = "Admin API")
@SecurityRequirement(name = "adminToken")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminDisputeController {

    private static final Set<String> RESOLUTION_FIELDS = Set.of("outcome", "decidedBy", "reason");

    @Serdeable
    public record Party(String address, int reputation) {
    }

    @Serdeable
    public record Step(int seqNo, String event, String status, String at, @Nullable String source,
                       @Nullable String details) {
    }

    /**
     * A receipt a buyer submitted (or we fetched) for the order, whatever its verdict, with the file exactly as
     * received (base64, at most 16 kB) so an arbiter can re-check it with {@code cep-verify}.
     */
    @Serdeable
    public record Receipt(String receiptId, String source, String verdict, String reason, String detail,
                          @Nullable String replayKey, @Nullable String certificateNumber, @Nullable String trackingKey,
                          boolean trackingKeyTrusted, String receivedAt, String receiptXmlBase64) {
        static Receipt of(PaymentReceipt r) {
            return new Receipt(r.id().toString(), r.source().name(), r.verdict().name(), r.reason(), r.detail(),
                    r.replayKey(), r.certificateNumber(), r.trackingKey(), r.trackingKeyTrusted(),
                    r.receivedAt().toString(), Base64.getEncoder().encodeToString(r.receiptXml()));
        }
    }

    /** A disputed order and its evidence; {@code receipts} are the newest ones, newest first. */
    @Serdeable
    public record Dispute(String orderId, String partnerId, String status, String token, String amount,
                          BigDecimal grossAmountMxn, String clabe, String escrowOrderId, @Nullable Party seller,
                          @Nullable Party buyer, boolean flagged, @Nullable String flagReason, List<Step> timeline,
                          List<Map<String, Object>> chainEvents, long receiptsSubmitted, List<Receipt> receipts) {
        static Dispute of(Disputes.DisputeView v) {
            SettlementOrder o = v.order();
            return new Dispute(o.id().toString(), o.partnerId().toString(), o.status().name(), o.token().name(),
                    o.tokenBaseUnits().toString(), Mxn.fromCentavos(o.grossCentavos()), o.clabe(),
                    o.escrowOrderId(), v.seller() == null ? null : new Party(v.seller().address(),
                    v.seller().reputation()), v.buyer() == null ? null : new Party(v.buyer().address(),
                    v.buyer().reputation()), v.flagged(), v.flagReason(),
                    v.timeline().stream().map(s -> new Step(s.seqNo(), s.event(), s.status().name(),
                            s.occurredAt(), s.source(), s.details())).toList(), v.chainEvents(),
                    v.receiptsSubmitted(), v.receipts().stream().map(Receipt::of).toList());
        }
    }

    @Serdeable
    public record DisputePage(List<Dispute> data, int page, int limit) {
    }

    private final Disputes disputes;

    public AdminDisputeController(Disputes disputes) {
        this.disputes = disputes;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Disputed orders, oldest first, with timeline, chain events, receipts submitted and the "
            + "parties' reputation")
    public DisputePage list(@QueryValue(defaultValue = "1") int page, @QueryValue(defaultValue = "20") int limit) {
        return new DisputePage(disputes.list(page, limit).stream().map(Dispute::of).toList(), page, limit);
    }

    @Get(uri = "/{orderId}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "One order's dispute evidence (also after it was resolved)")
    public Dispute get(@PathVariable String orderId) {
        return Dispute.of(disputes.get(orderId));
    }

    @Post(uri = "/{orderId}/resolution", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide a dispute: FOR_BUYER, FOR_SELLER, NO_FAULT_RELEASE, NO_FAULT_REFUND or "
            + "NO_FAULT_RETRY; 409 FORBIDDEN_IN_STATUS when the order is not disputed",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"ana@ops\","
                            + "\"reason\":\"CEP shows the payment\"}"))))
    public Dispute resolve(@PathVariable String orderId, @Nullable @Body byte[] body) {
        JsonBody input = JsonBody.parse(body, RESOLUTION_FIELDS);
        DisputeOutcome outcome = input.requiredEnum("outcome", DisputeOutcome.class);
        String decidedBy = input.requiredString("decidedBy");
        String reason = input.requiredString("reason");
        return Dispute.of(disputes.resolve(orderId, outcome, decidedBy, reason));
    }
}

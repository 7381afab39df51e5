package org.mexicop2p.sandbox.starknet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxAccount;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.chain.Block;
import org.mexicop2p.sandbox.starknet.chain.Chain;
import org.mexicop2p.sandbox.starknet.contract.EscrowContract;

/**
 * The {@code sandbox_*} test and demo hooks (named params). Amounts are decimal or hex strings of token base units,
 * order ids hex felts, tokens a hex address or {@code USDC}/{@code USDT}: what {@code POST /orders} returns.
 */
final class SandboxHookRpc {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SandboxStarknetNode node;
    private final Chain chain;

    SandboxHookRpc(SandboxStarknetNode node) {
        this.node = node;
        this.chain = node.chain();
    }

    /** {@code {order_id, token, amount, seller?}} → {@code {seller, transaction_hash, execution_status?}}. */
    JsonNode deposit(Params params) {
        BigInteger orderId = params.felt("order_id");
        BigInteger token = node.tokenAddress(params.text("token", 80))
                .orElseThrow(() -> Params.invalid("token must be a hex address, USDC or USDT"));
        BigInteger amount = amount(params);
        SandboxStarknetNode.HookResult result = node.deposit(orderId, token, amount, params.optionalFelt("seller"));
        return hookJson("seller", result);
    }

    /** {@code {order_id, duration_seconds, buyer?}} → {@code {buyer, transaction_hash, execution_status?}}. */
    JsonNode lockOrder(Params params) {
        BigInteger orderId = params.felt("order_id");
        // Out-of-range durations are passed through: the contract's own rule rejects them with a revert.
        long duration = params.integer("duration_seconds", 0, Integer.MAX_VALUE);
        return hookJson("buyer", node.lockOrder(orderId, duration, params.optionalFelt("buyer")));
    }

    /** {@code {order_id, party: "buyer"|"seller"}}. */
    JsonNode openDispute(Params params) {
        BigInteger orderId = params.felt("order_id");
        String party = params.text("party", 8);
        if (!party.equals("buyer") && !party.equals("seller")) {
            throw Params.invalid("party must be buyer or seller");
        }
        return hookJson("opened_by", node.openDispute(orderId, party.equals("buyer")));
    }

    /** {@code {blocks?: 1}} → the new head. */
    JsonNode mine(Params params) {
        int blocks = (int) params.optionalInteger("blocks", 1, SandboxStarknetNode.MAX_BLOCKS_PER_MINE, 1);
        return blockJson(node.mine(blocks));
    }

    /** {@code {seconds}} → {@code {timestamp}}: the time the next block will carry. */
    JsonNode advanceTime(Params params) {
        long seconds = params.integer("seconds", 0, 10L * 365 * 86_400);
        chain.advanceTime(seconds);
        ObjectNode result = JSON.objectNode();
        result.put("timestamp", chain.pendingTimestampSeconds());
        return result;
    }

    /** {@code {block_number?}} (default: the head) → the highest L1-accepted block. */
    JsonNode acceptOnL1(Params params) {
        long upTo = params.optionalInteger("block_number", 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
        return blockJson(chain.acceptOnL1(upTo));
    }

    /** {@code {depth, drop_transactions?: false}} → orphaned hashes and the new head. */
    JsonNode reorg(Params params) {
        int depth = (int) params.integer("depth", 1, 10_000);
        boolean drop = params.optionalBoolean("drop_transactions", false);
        List<BigInteger> orphaned;
        Block head;
        synchronized (chain) {
            orphaned = chain.reorg(depth, drop);
            head = chain.head();
        }
        ObjectNode result = blockJson(head);
        ArrayNode hashes = result.putArray("orphaned_block_hashes");
        orphaned.forEach(h -> hashes.add(Felts.hex(h)));
        return result;
    }

    /**
     * {@code {kind: http_503|http_500|delay|rate_limit|drop_transaction|clear, count?: 1, delay_ms?: 0}}: arms a fault
     * for the next {@code count} ordinary requests (or submitted transactions, for drop_transaction).
     */
    JsonNode fault(Params params) {
        String kind = params.text("kind", 32).toUpperCase(Locale.ROOT);
        if (kind.equals("CLEAR")) {
            node.faults().clear();
            return JSON.objectNode().put("armed", false);
        }
        FaultInjector.Kind parsed;
        try {
            parsed = FaultInjector.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw Params.invalid("kind must be http_503, http_500, delay, rate_limit, drop_transaction or clear");
        }
        int count = (int) params.optionalInteger("count", 1, FaultInjector.MAX_COUNT, 1);
        long delayMs = params.optionalInteger("delay_ms", 0, FaultInjector.MAX_DELAY_MS, 0);
        if (parsed == FaultInjector.Kind.DELAY && delayMs == 0) {
            throw Params.invalid("delay needs delay_ms > 0");
        }
        if (!node.faults().arm(parsed, count, delayMs)) {
            throw new RpcError(RpcError.Code.SANDBOX_HOOK_REJECTED,
                    JSON.textNode("at most " + FaultInjector.MAX_ARMED + " faults may be armed"));
        }
        return JSON.objectNode().put("armed", true);
    }

    /** {@code {enabled}}: auto-mine on (each transaction its own block) or off (pending until sandbox_mine). */
    JsonNode setAutoMine(Params params) {
        boolean enabled = params.optionalBoolean("enabled", true);
        chain.setAutoMine(enabled);
        return JSON.objectNode().put("auto_mine", enabled);
    }

    /** {@code {}} → a fresh deployed account with its sandbox key, for tests that sign as a buyer or seller. */
    JsonNode createAccount(Params params) {
        SandboxAccount account = node.createAccount();
        ObjectNode result = JSON.objectNode();
        result.put("address", Felts.hex(account.address()));
        result.put("private_key", Felts.hex(account.privateKey()));
        result.put("public_key", Felts.hex(account.publicKey()));
        return result;
    }

    /**
     * {@code {count, token?: USDC, amount?: "1000000", with_lock?: false, orders_per_block?: 100}}: many orders fast,
     * for benchmarks. Returns the order ids and the block range.
     */
    JsonNode bulkDeposit(Params params) {
        int count = (int) params.integer("count", 1, SandboxStarknetNode.MAX_BULK_ORDERS);
        BigInteger token = params.optional("token").isPresent()
                ? node.tokenAddress(params.text("token", 80))
                        .orElseThrow(() -> Params.invalid("token must be a hex address, USDC or USDT"))
                : node.usdcAddress();
        BigInteger amount = params.optional("amount").isPresent() ? amount(params) : BigInteger.valueOf(1_000_000);
        boolean withLock = params.optionalBoolean("with_lock", false);
        int perBlock = (int) params.optionalInteger("orders_per_block", 1, Chain.MAX_TRANSACTIONS_PER_BLOCK / 2, 100);
        SandboxStarknetNode.BulkResult result = node.bulkDeposit(count, token, amount, withLock, perBlock);
        ObjectNode json = JSON.objectNode();
        json.put("first_block", result.firstBlock());
        json.put("last_block", result.lastBlock());
        json.put("seller", Felts.hex(result.seller()));
        result.buyer().ifPresent(b -> json.put("buyer", Felts.hex(b)));
        ArrayNode ids = json.putArray("order_ids");
        result.orderIds().forEach(id -> ids.add(Felts.hex(id)));
        return json;
    }

    /** {@code {}} → the facts a daemon's config needs (never the private keys except the sandbox's own). */
    JsonNode info(Params params) {
        ObjectNode result = JSON.objectNode();
        result.put("chain_id", Felts.hex(node.chainId()));
        result.put("escrow_address", Felts.hex(node.escrowAddress()));
        result.put("usdc_address", Felts.hex(node.usdcAddress()));
        result.put("usdt_address", Felts.hex(node.usdtAddress()));
        result.put("operator_address", Felts.hex(node.operator().address()));
        result.put("arbiter_address", Felts.hex(node.arbiterAddress()));
        result.put("proof_signer_public_key", Felts.hex(node.proofSignerPublicKey()));
        result.put("escrow_version", EscrowContract.VERSION);
        result.put("auto_mine", chain.autoMine());
        return result;
    }

    private static BigInteger amount(Params params) {
        JsonNode raw = params.required("amount");
        BigInteger amount = raw.isTextual() ? Felts.parseAmountOrNull(raw.textValue(), Felts.U256_LIMIT) : null;
        if (amount == null) {
            throw Params.invalid("amount must be a decimal or hex string of token base units below 2^256");
        }
        return amount;
    }

    private static ObjectNode hookJson(String accountField, SandboxStarknetNode.HookResult result) {
        ObjectNode json = JSON.objectNode();
        json.put(accountField, Felts.hex(result.account()));
        json.put("transaction_hash", Felts.hex(result.transactionHash()));
        result.succeeded().ifPresent(ok -> json.put("execution_status", ok ? "SUCCEEDED" : "REVERTED"));
        result.revertReason().ifPresent(reason -> json.put("revert_reason", reason));
        return json;
    }

    private static ObjectNode blockJson(Block block) {
        ObjectNode json = JSON.objectNode();
        json.put("block_number", block.number());
        json.put("block_hash", Felts.hex(block.hash()));
        return json;
    }
}

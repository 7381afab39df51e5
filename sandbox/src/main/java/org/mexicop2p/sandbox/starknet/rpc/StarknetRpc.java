package org.mexicop2p.sandbox.starknet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.swmansion.starknet.data.TransactionHashCalculator;
import com.swmansion.starknet.data.types.DAMode;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.ResourceBounds;
import com.swmansion.starknet.data.types.ResourceBoundsMapping;
import com.swmansion.starknet.data.types.TransactionVersion;
import com.swmansion.starknet.data.types.Uint128;
import com.swmansion.starknet.data.types.Uint64;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.chain.Block;
import org.mexicop2p.sandbox.starknet.chain.Chain;
import org.mexicop2p.sandbox.starknet.chain.EmittedEvent;
import org.mexicop2p.sandbox.starknet.chain.Receipt;
import org.mexicop2p.sandbox.starknet.chain.Transaction;
import org.mexicop2p.sandbox.starknet.chain.TransactionRejected;
import org.mexicop2p.sandbox.starknet.contract.ContractCall;
import org.mexicop2p.sandbox.starknet.contract.Event;
import org.mexicop2p.sandbox.starknet.contract.RevertCode;

/**
 * The {@code starknet_*} methods of JSON-RPC 0.10.2 that starknet-jvm 0.18.0 uses, answered from the sandbox chain
 * in the spec's shapes (see {@code StarknetSchemaTest}).
 *
 * <p>State is kept at the head only: {@code starknet_call} and {@code starknet_getNonce} answer for
 * {@code latest}/{@code pre_confirmed} or a block id naming the head, and refuse older blocks with INVALID_PARAMS
 * rather than answer with the wrong state.
 */
final class StarknetRpc {

    static final String SPEC_VERSION = "0.10.2";
    static final String STARKNET_VERSION = "0.14.1";
    /** Largest page {@code starknet_getEvents} serves (pathfinder's default limit). */
    static final int MAX_CHUNK_SIZE = 1024;
    /** Most key positions, and most key values in total, in an event filter. */
    static final int MAX_KEY_POSITIONS = 16;
    static final int MAX_KEY_VALUES = 256;
    static final int MAX_FILTER_ADDRESSES = 64;
    static final int MAX_CALLDATA_FELTS = 4_096;
    static final int MAX_SIGNATURE_FELTS = 8;
    static final int MAX_AUX_DATA_FELTS = 16;
    static final int MAX_TRANSACTIONS_PER_ESTIMATE = 16;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SandboxStarknetNode node;
    private final Chain chain;
    private final String sequencerAddress;

    StarknetRpc(SandboxStarknetNode node) {
        this.node = node;
        this.chain = node.chain();
        this.sequencerAddress = Felts.hex(Felts.derive("mp2p-sandbox|sequencer"));
    }

    JsonNode specVersion(Params params) {
        return TextNode.valueOf(SPEC_VERSION);
    }

    JsonNode chainId(Params params) {
        return TextNode.valueOf(Felts.hex(node.chainId()));
    }

    JsonNode blockNumber(Params params) {
        return JSON.numberNode(chain.head().number());
    }

    JsonNode blockHashAndNumber(Params params) {
        Block head = chain.head();
        ObjectNode result = JSON.objectNode();
        result.put("block_hash", Felts.hex(head.hash()));
        result.put("block_number", head.number());
        return result;
    }

    JsonNode getBlockWithTxHashes(Params params) {
        Optional<Block> block = resolveBlock(params.required("block_id"));
        if (block.isEmpty()) {
            return preConfirmedBlock();
        }
        ObjectNode result = header(block.get());
        ArrayNode hashes = result.putArray("transactions");
        block.get().transactions().forEach(t -> hashes.add(Felts.hex(t.transaction().hash())));
        return result;
    }

    private ObjectNode preConfirmedBlock() {
        ObjectNode result = JSON.objectNode();
        ArrayNode hashes = result.putArray("transactions");
        List<BigInteger> pending;
        long number;
        long timestamp;
        synchronized (chain) {
            pending = chain.pendingTransactionHashes();
            number = chain.head().number() + 1;
            timestamp = chain.pendingTimestampSeconds();
        }
        pending.forEach(h -> hashes.add(Felts.hex(h)));
        result.put("block_number", number);
        result.put("timestamp", timestamp);
        putCommonHeader(result);
        return result;
    }

    private ObjectNode header(Block block) {
        ObjectNode result = JSON.objectNode();
        result.put("status", block.acceptedOnL1() ? "ACCEPTED_ON_L1" : "ACCEPTED_ON_L2");
        result.put("block_hash", Felts.hex(block.hash()));
        result.put("parent_hash", Felts.hex(block.parentHash()));
        result.put("block_number", block.number());
        // Roots and commitments are stable per block but not Starknet's own tries: the sandbox has no storage trie.
        result.put("new_root", Felts.hex(Felts.derive("root|" + block.hash())));
        result.put("timestamp", block.timestampSeconds());
        putCommonHeader(result);
        result.put("event_commitment", Felts.hex(Felts.derive("events|" + block.hash())));
        result.put("transaction_commitment", Felts.hex(Felts.derive("transactions|" + block.hash())));
        result.put("receipt_commitment", Felts.hex(Felts.derive("receipts|" + block.hash())));
        result.put("state_diff_commitment", Felts.hex(Felts.derive("state_diff|" + block.hash())));
        result.put("event_count", block.events().size());
        result.put("transaction_count", block.transactions().size());
        result.put("state_diff_length", block.transactions().size());
        return result;
    }

    private void putCommonHeader(ObjectNode result) {
        result.put("sequencer_address", sequencerAddress);
        result.set("l1_gas_price", price(Chain.L1_GAS_PRICE_FRI));
        result.set("l2_gas_price", price(Chain.L2_GAS_PRICE_FRI));
        result.set("l1_data_gas_price", price(Chain.L1_DATA_GAS_PRICE_FRI));
        result.put("l1_da_mode", "BLOB");
        result.put("starknet_version", STARKNET_VERSION);
    }

    private static ObjectNode price(BigInteger fri) {
        ObjectNode price = JSON.objectNode();
        price.put("price_in_fri", Felts.hex(fri));
        // One STRK is taken to be worth 1/1000 ETH, enough for the wei column to be non-zero and consistent.
        price.put("price_in_wei", Felts.hex(fri.divide(BigInteger.valueOf(1000)).max(BigInteger.ONE)));
        return price;
    }

    /** The block a BLOCK_ID names; empty for {@code pre_confirmed}. Unknown hash or number: BLOCK_NOT_FOUND. */
    private Optional<Block> resolveBlock(JsonNode blockId) {
        if (blockId.isTextual()) {
            return switch (blockId.textValue()) {
                case "latest" -> Optional.of(chain.head());
                case "l1_accepted" -> Optional.of(chain.l1Head());
                case "pre_confirmed" -> Optional.empty();
                default -> throw Params.invalid("block_id tag must be latest, l1_accepted or pre_confirmed");
            };
        }
        if (blockId.isObject() && blockId.size() == 1 && blockId.has("block_hash")) {
            BigInteger hash = Params.feltOf(blockId.get("block_hash"), "block_hash");
            return Optional.of(chain.blockByHash(hash).orElseThrow(() -> new RpcError(RpcError.Code.BLOCK_NOT_FOUND, null)));
        }
        if (blockId.isObject() && blockId.size() == 1 && blockId.has("block_number")) {
            long number = Params.integerOf(blockId.get("block_number"), "block_number", 0, Integer.MAX_VALUE);
            return Optional.of(chain.blockByNumber(number).orElseThrow(() -> new RpcError(RpcError.Code.BLOCK_NOT_FOUND, null)));
        }
        throw Params.invalid("block_id must be a tag, {block_hash} or {block_number}");
    }

    /** Whether a BLOCK_ID names the state the sandbox keeps (the head, or pre-confirmed); see the class comment. */
    private boolean namesPreConfirmed(JsonNode blockId) {
        Optional<Block> block = resolveBlock(blockId);
        if (block.isEmpty()) {
            return true;
        }
        if (!block.get().hash().equals(chain.head().hash())) {
            throw Params.invalid("the sandbox keeps state at the head only; use latest or pre_confirmed");
        }
        return false;
    }

    JsonNode getEvents(Params params) {
        Params filter = Params.nested(params.required("filter"), "filter");
        long chunkSize = filter.integer("chunk_size", 1, Integer.MAX_VALUE);
        if (chunkSize > MAX_CHUNK_SIZE) {
            throw new RpcError(RpcError.Code.PAGE_SIZE_TOO_BIG, null);
        }
        Set<BigInteger> addresses = new HashSet<>();
        filter.optional("address").ifPresent(address -> {
            if (address.isArray()) {
                addresses.addAll(Params.feltListOf(address, "address", MAX_FILTER_ADDRESSES));
            } else {
                addresses.add(Params.feltOf(address, "address"));
            }
        });
        List<Set<BigInteger>> keys = filter.optional("keys").map(StarknetRpc::keyFilter).orElse(List.of());
        long from = filter.optional("from_block").map(id -> rangeBound(id, true)).orElse(0L);
        long to = filter.optional("to_block").map(id -> rangeBound(id, false)).orElse(chain.head().number());
        Chain.Position start = filter.optional("continuation_token").map(StarknetRpc::parseToken)
                .orElse(new Chain.Position(from, 0));
        Chain.EventPage page = chain.events(from, to, addresses, keys, (int) chunkSize, start);
        ObjectNode result = JSON.objectNode();
        ArrayNode events = result.putArray("events");
        for (Chain.Located located : page.events()) {
            Block block = located.block();
            events.addRawValue(new RawValue(block.renderedEvent(located.indexInBlock(),
                    emitted -> renderEmitted(emitted, block))));
        }
        page.next().ifPresent(next -> result.put("continuation_token",
                next.blockNumber() + "-" + next.eventIndexInBlock()));
        return result;
    }

    /** Block numbers in a filter need not exist yet (an empty range), as on pathfinder; hashes must. */
    private long rangeBound(JsonNode blockId, boolean isFrom) {
        if (blockId.isObject() && blockId.has("block_number") && blockId.size() == 1) {
            return Params.integerOf(blockId.get("block_number"), "block_number", 0, Integer.MAX_VALUE);
        }
        Optional<Block> block = resolveBlock(blockId);
        // pre_confirmed events do not exist here (pending transactions run when mined), so it bounds like latest+1.
        return block.map(Block::number).orElse(chain.head().number() + (isFrom ? 1 : 0));
    }

    private static List<Set<BigInteger>> keyFilter(JsonNode keys) {
        if (!keys.isArray()) {
            throw Params.invalid("keys must be an array of arrays");
        }
        if (keys.size() > MAX_KEY_POSITIONS) {
            throw new RpcError(RpcError.Code.TOO_MANY_KEYS_IN_FILTER, null);
        }
        List<Set<BigInteger>> result = new java.util.ArrayList<>();
        int total = 0;
        for (JsonNode position : keys) {
            if (!position.isArray()) {
                throw Params.invalid("keys must be an array of arrays");
            }
            total += position.size();
            if (total > MAX_KEY_VALUES) {
                throw new RpcError(RpcError.Code.TOO_MANY_KEYS_IN_FILTER, null);
            }
            result.add(new HashSet<>(Params.feltListOf(position, "keys", MAX_KEY_VALUES)));
        }
        return result;
    }

    /** Tokens are "{block}-{event index in block}"; anything else is INVALID_CONTINUATION_TOKEN. */
    private static Chain.Position parseToken(JsonNode token) {
        if (token.isTextual() && token.textValue().matches("[0-9]{1,10}-[0-9]{1,9}")) {
            String[] parts = token.textValue().split("-");
            long block = Long.parseLong(parts[0]);
            if (block <= Integer.MAX_VALUE) {
                return new Chain.Position(block, Integer.parseInt(parts[1]));
            }
        }
        throw new RpcError(RpcError.Code.INVALID_CONTINUATION_TOKEN, null);
    }

    private static String renderEmitted(EmittedEvent emitted, Block block) {
        ObjectNode event = eventJson(emitted.event());
        event.put("block_hash", Felts.hex(block.hash()));
        event.put("block_number", block.number());
        event.put("transaction_hash", Felts.hex(emitted.transactionHash()));
        event.put("transaction_index", emitted.transactionIndex());
        event.put("event_index", emitted.eventIndex());
        return event.toString();
    }

    private static ObjectNode eventJson(Event event) {
        ObjectNode json = JSON.objectNode();
        json.put("from_address", Felts.hex(event.fromAddress()));
        ArrayNode keys = json.putArray("keys");
        event.keys().forEach(k -> keys.add(Felts.hex(k)));
        ArrayNode data = json.putArray("data");
        event.data().forEach(d -> data.add(Felts.hex(d)));
        return json;
    }

    JsonNode getNonce(Params params) {
        JsonNode blockId = params.required("block_id");
        BigInteger address = params.felt("contract_address");
        synchronized (chain) {
            boolean preConfirmed = namesPreConfirmed(blockId);
            if (!chain.isContract(address)) {
                throw new RpcError(RpcError.Code.CONTRACT_NOT_FOUND, null);
            }
            return TextNode.valueOf(Felts.hex(preConfirmed ? chain.pendingNonce(address) : chain.latestNonce(address)));
        }
    }

    JsonNode call(Params params) {
        Params request = Params.nested(params.required("request"), "request");
        JsonNode blockId = params.required("block_id");
        BigInteger contract = request.felt("contract_address");
        BigInteger selector = request.felt("entry_point_selector");
        List<BigInteger> calldata = request.feltList("calldata", MAX_CALLDATA_FELTS);
        Chain.Simulation simulation;
        synchronized (chain) {
            namesPreConfirmed(blockId);
            if (!chain.isContract(contract)) {
                throw new RpcError(RpcError.Code.CONTRACT_NOT_FOUND, null);
            }
            simulation = chain.simulate(BigInteger.ZERO, List.of(new ContractCall(contract, selector, calldata)));
        }
        if (!simulation.succeeded()) {
            if (simulation.code().orElse(null) == RevertCode.ENTRYPOINT_NOT_FOUND) {
                throw new RpcError(RpcError.Code.ENTRYPOINT_NOT_FOUND, null);
            }
            ObjectNode data = JSON.objectNode();
            data.put("revert_error", simulation.revertReason());
            throw new RpcError(RpcError.Code.CONTRACT_ERROR, data);
        }
        ArrayNode result = JSON.arrayNode();
        simulation.result().forEach(v -> result.add(Felts.hex(v)));
        return result;
    }

    /** An INVOKE v3 transaction as received, with the hash starknet-jvm's calculator gives for it. */
    private record InvokeV3(BigInteger hash, BigInteger sender, List<BigInteger> calldata, BigInteger nonce,
                            List<BigInteger> signature, ResourceBoundsMapping bounds, boolean query) {
    }

    private InvokeV3 parseInvokeV3(JsonNode json, boolean allowQueryVersion) {
        Params tx = Params.nested(json, "transaction");
        if (!"INVOKE".equals(tx.text("type", 16))) {
            throw Params.invalid("only INVOKE transactions are supported");
        }
        String version = tx.text("version", 40).toLowerCase();
        boolean query = version.equals(TransactionVersion.V3_QUERY.getValue().hexString());
        if (!version.equals("0x3") && !(allowQueryVersion && query)) {
            throw new RpcError(RpcError.Code.UNSUPPORTED_TX_VERSION, null);
        }
        BigInteger sender = tx.felt("sender_address");
        List<BigInteger> calldata = tx.feltList("calldata", MAX_CALLDATA_FELTS);
        List<BigInteger> signature = tx.feltList("signature", MAX_SIGNATURE_FELTS);
        BigInteger nonce = tx.felt("nonce");
        Params bounds = Params.nested(tx.required("resource_bounds"), "resource_bounds");
        ResourceBoundsMapping mapping = new ResourceBoundsMapping(resourceBounds(bounds, "l1_gas"),
                resourceBounds(bounds, "l1_data_gas"), resourceBounds(bounds, "l2_gas"));
        BigInteger tip = bounded(tx.felt("tip"), Felts.U64_LIMIT, "tip");
        List<BigInteger> paymasterData = tx.feltList("paymaster_data", MAX_AUX_DATA_FELTS);
        List<BigInteger> deploymentData = tx.feltList("account_deployment_data", MAX_AUX_DATA_FELTS);
        DAMode nonceMode = daMode(tx.text("nonce_data_availability_mode", 2));
        DAMode feeMode = daMode(tx.text("fee_data_availability_mode", 2));
        List<BigInteger> proofFacts = tx.optionalFeltList("proof_facts", MAX_AUX_DATA_FELTS);
        if (tx.optional("proof").isPresent()) {
            // The sandbox cannot check a client-side proof; refuse rather than pretend it did.
            throw new RpcError(RpcError.Code.INVALID_PROOF, null);
        }
        BigInteger hash = TransactionHashCalculator.calculateInvokeTxV3Hash(new Felt(sender), felts(calldata),
                node.starknetChainId(), query ? TransactionVersion.V3_QUERY : TransactionVersion.V3, new Felt(nonce),
                new Uint64(tip), mapping, felts(paymasterData), felts(deploymentData), feeMode, nonceMode,
                felts(proofFacts)).getValue();
        return new InvokeV3(hash, sender, calldata, nonce, signature, mapping, query);
    }

    private static ResourceBounds resourceBounds(Params bounds, String name) {
        Params resource = Params.nested(bounds.required(name), name);
        return new ResourceBounds(new Uint64(bounded(resource.felt("max_amount"), Felts.U64_LIMIT, "max_amount")),
                new Uint128(bounded(resource.felt("max_price_per_unit"), Felts.U128_LIMIT, "max_price_per_unit")));
    }

    private static BigInteger bounded(BigInteger value, BigInteger limit, String name) {
        if (value.compareTo(limit) >= 0) {
            throw Params.invalid(name + " is out of range");
        }
        return value;
    }

    private static DAMode daMode(String text) {
        return switch (text) {
            case "L1" -> DAMode.L1;
            case "L2" -> DAMode.L2;
            default -> throw Params.invalid("data availability mode must be L1 or L2");
        };
    }

    private static List<Felt> felts(List<BigInteger> values) {
        return values.stream().map(Felt::new).toList();
    }

    JsonNode addInvokeTransaction(Params params) {
        InvokeV3 tx = parseInvokeV3(params.required("invoke_transaction"), false);
        ResourceBounds l2 = tx.bounds().getL2Gas();
        ResourceBounds l1Data = tx.bounds().getL1DataGas();
        // The sandbox charges fixed gas; bounds below it could never pay, as on a real node.
        if (l2.getMaxAmount().getValue().compareTo(BigInteger.valueOf(Chain.L2_GAS_PER_TRANSACTION)) < 0
                || l2.getMaxPricePerUnit().getValue().compareTo(Chain.L2_GAS_PRICE_FRI) < 0
                || l1Data.getMaxAmount().getValue().compareTo(BigInteger.valueOf(Chain.L1_DATA_GAS_PER_TRANSACTION)) < 0
                || l1Data.getMaxPricePerUnit().getValue().compareTo(Chain.L1_DATA_GAS_PRICE_FRI) < 0) {
            throw new RpcError(RpcError.Code.INSUFFICIENT_RESOURCES_FOR_VALIDATE, null);
        }
        Transaction transaction = new Transaction(tx.hash(), tx.sender(), tx.calldata(), tx.nonce(), tx.signature(),
                true);
        try {
            synchronized (chain) {
                chain.submitSigned(transaction, node.faults().takeTransactionDrop());
            }
        } catch (TransactionRejected rejected) {
            throw rejection(rejected);
        }
        ObjectNode result = JSON.objectNode();
        result.put("transaction_hash", Felts.hex(tx.hash()));
        return result;
    }

    private static RpcError rejection(TransactionRejected rejected) {
        TextNode detail = TextNode.valueOf(rejected.getMessage());
        return switch (rejected.reason()) {
            case NOT_AN_ACCOUNT -> new RpcError(RpcError.Code.NON_ACCOUNT, null);
            case INVALID_SIGNATURE -> new RpcError(RpcError.Code.VALIDATION_FAILURE, detail);
            case NONCE_TOO_LOW, NONCE_TOO_HIGH -> new RpcError(RpcError.Code.INVALID_TRANSACTION_NONCE, detail);
            case DUPLICATE_TRANSACTION -> new RpcError(RpcError.Code.DUPLICATE_TX, null);
            case POOL_FULL -> new RpcError(RpcError.Code.FAILED_TO_RECEIVE_TXN, null);
        };
    }

    JsonNode estimateFee(Params params) {
        JsonNode requests = params.required("request");
        if (!requests.isArray() || requests.isEmpty() || requests.size() > MAX_TRANSACTIONS_PER_ESTIMATE) {
            throw Params.invalid("request must be an array of 1.." + MAX_TRANSACTIONS_PER_ESTIMATE + " transactions");
        }
        boolean skipValidate = false;
        JsonNode flags = params.required("simulation_flags");
        if (!flags.isArray() || flags.size() > 1) {
            throw Params.invalid("simulation_flags must be [] or [\"SKIP_VALIDATE\"]");
        }
        for (JsonNode flag : flags) {
            if (!"SKIP_VALIDATE".equals(flag.asText())) {
                throw Params.invalid("simulation_flags must be [] or [\"SKIP_VALIDATE\"]");
            }
            skipValidate = true;
        }
        JsonNode blockId = params.required("block_id");
        ArrayNode result = JSON.arrayNode();
        synchronized (chain) {
            namesPreConfirmed(blockId);
            for (int i = 0; i < requests.size(); i++) {
                InvokeV3 tx = parseInvokeV3(requests.get(i), true);
                if (!chain.isAccount(tx.sender())) {
                    throw new RpcError(RpcError.Code.CONTRACT_NOT_FOUND, null);
                }
                if (!skipValidate && !chain.signatureValid(tx.sender(), tx.hash(), tx.signature())) {
                    throw executionError(i, "account validation failed: invalid signature");
                }
                Optional<List<ContractCall>> calls = ContractCall.decodeExecuteCalldata(tx.calldata());
                if (calls.isEmpty()) {
                    throw executionError(i, "calldata is not a valid account multicall");
                }
                Chain.Simulation simulation = chain.simulate(tx.sender(), calls.get());
                if (!simulation.succeeded()) {
                    throw executionError(i, simulation.revertReason());
                }
                result.add(feeEstimate());
            }
        }
        return result;
    }

    private static RpcError executionError(int index, String reason) {
        ObjectNode data = JSON.objectNode();
        data.put("transaction_index", index);
        data.put("execution_error", reason);
        return new RpcError(RpcError.Code.TRANSACTION_EXECUTION_ERROR, data);
    }

    private static ObjectNode feeEstimate() {
        ObjectNode fee = JSON.objectNode();
        BigInteger l2Gas = BigInteger.valueOf(Chain.L2_GAS_PER_TRANSACTION);
        BigInteger l1DataGas = BigInteger.valueOf(Chain.L1_DATA_GAS_PER_TRANSACTION);
        fee.put("l1_gas_consumed", Felts.hex(Chain.L1_GAS_PER_TRANSACTION));
        fee.put("l1_gas_price", Felts.hex(Chain.L1_GAS_PRICE_FRI));
        fee.put("l2_gas_consumed", Felts.hex(l2Gas));
        fee.put("l2_gas_price", Felts.hex(Chain.L2_GAS_PRICE_FRI));
        fee.put("l1_data_gas_consumed", Felts.hex(l1DataGas));
        fee.put("l1_data_gas_price", Felts.hex(Chain.L1_DATA_GAS_PRICE_FRI));
        fee.put("overall_fee", Felts.hex(l2Gas.multiply(Chain.L2_GAS_PRICE_FRI)
                .add(l1DataGas.multiply(Chain.L1_DATA_GAS_PRICE_FRI))));
        fee.put("unit", "FRI");
        return fee;
    }

    JsonNode getTransactionReceipt(Params params) {
        BigInteger hash = params.felt("transaction_hash");
        Chain.ReceiptWithBlock found = chain.receipt(hash)
                .orElseThrow(() -> new RpcError(RpcError.Code.TXN_HASH_NOT_FOUND, null));
        Receipt receipt = found.receipt();
        ObjectNode result = JSON.objectNode();
        result.put("type", "INVOKE");
        result.put("transaction_hash", Felts.hex(receipt.transactionHash()));
        ObjectNode fee = result.putObject("actual_fee");
        fee.put("amount", Felts.hex(receipt.actualFeeFri()));
        fee.put("unit", "FRI");
        result.put("finality_status", found.block().acceptedOnL1() ? "ACCEPTED_ON_L1" : "ACCEPTED_ON_L2");
        result.put("execution_status", receipt.succeeded() ? "SUCCEEDED" : "REVERTED");
        if (!receipt.succeeded()) {
            result.put("revert_reason", receipt.revertReason());
        }
        result.putArray("messages_sent");
        ArrayNode events = result.putArray("events");
        receipt.events().forEach(e -> events.add(eventJson(e)));
        ObjectNode resources = result.putObject("execution_resources");
        resources.put("l1_gas", Chain.L1_GAS_PER_TRANSACTION);
        resources.put("l1_data_gas", Chain.L1_DATA_GAS_PER_TRANSACTION);
        resources.put("l2_gas", Chain.L2_GAS_PER_TRANSACTION);
        result.put("block_hash", Felts.hex(found.block().hash()));
        result.put("block_number", found.block().number());
        return result;
    }

    JsonNode getTransactionStatus(Params params) {
        BigInteger hash = params.felt("transaction_hash");
        Chain.TransactionStatus status = chain.status(hash)
                .orElseThrow(() -> new RpcError(RpcError.Code.TXN_HASH_NOT_FOUND, null));
        ObjectNode result = JSON.objectNode();
        result.put("finality_status", status.finalityStatus());
        status.succeeded().ifPresent(ok -> result.put("execution_status", ok ? "SUCCEEDED" : "REVERTED"));
        status.failureReason().ifPresent(reason -> result.put("failure_reason", reason));
        return result;
    }
}

package org.mexicop2p.sandbox.starknet.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC error answer: the spec's Starknet codes (with the spec's messages) and JSON-RPC 2.0's own. Thrown by a
 * method before it changed anything.
 */
public final class RpcError extends RuntimeException {

    /** Every error code the node answers with. */
    public enum Code {
        PARSE_ERROR(-32700, "Parse error"),
        INVALID_REQUEST(-32600, "Invalid Request"),
        METHOD_NOT_FOUND(-32601, "Method not found"),
        INVALID_PARAMS(-32602, "Invalid params"),
        INTERNAL_ERROR(-32603, "Internal error"),
        LIMIT_EXCEEDED(-32005, "Limit exceeded"),
        /** A sandbox hook refused its arguments or the chain's rules (server-defined range). */
        SANDBOX_HOOK_REJECTED(-32000, "Sandbox hook rejected"),
        FAILED_TO_RECEIVE_TXN(1, "Failed to write transaction"),
        CONTRACT_NOT_FOUND(20, "Contract not found"),
        ENTRYPOINT_NOT_FOUND(21, "Requested entry point does not exist in the contract"),
        BLOCK_NOT_FOUND(24, "Block not found"),
        TXN_HASH_NOT_FOUND(29, "Transaction hash not found"),
        PAGE_SIZE_TOO_BIG(31, "Requested page size is too big"),
        INVALID_CONTINUATION_TOKEN(33, "The supplied continuation token is invalid or unknown"),
        TOO_MANY_KEYS_IN_FILTER(34, "Too many keys provided in a filter"),
        CONTRACT_ERROR(40, "Contract error"),
        TRANSACTION_EXECUTION_ERROR(41, "Transaction execution error"),
        INVALID_TRANSACTION_NONCE(52, "Invalid transaction nonce"),
        INSUFFICIENT_RESOURCES_FOR_VALIDATE(53,
                "The transaction's resources don't cover validation or the minimal transaction fee"),
        VALIDATION_FAILURE(55, "Account validation failed"),
        NON_ACCOUNT(58, "Sender address is not an account contract"),
        DUPLICATE_TX(59, "A transaction with the same hash already exists in the mempool"),
        UNSUPPORTED_TX_VERSION(61, "the transaction version is not supported"),
        INVALID_PROOF(69, "The proof field in the invoke v3 transaction is invalid");

        private final int number;
        private final String message;

        Code(int number, String message) {
            this.number = number;
            this.message = message;
        }

        public int number() {
            return number;
        }

        public String message() {
            return message;
        }
    }

    private final Code code;
    private final JsonNode data;

    public RpcError(Code code, JsonNode data) {
        super(code.message(), null, false, false);
        this.code = code;
        this.data = data;
    }

    public Code code() {
        return code;
    }

    /** Optional {@code data} member; null when absent. */
    public JsonNode data() {
        return data;
    }
}

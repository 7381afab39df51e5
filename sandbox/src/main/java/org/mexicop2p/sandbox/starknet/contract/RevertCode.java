package org.mexicop2p.sandbox.starknet.contract;

/**
 * Every reason a contract call can fail, one code each. The name is the Cairo short string the sandbox panics with
 * (at most 31 characters), so it appears verbatim in a receipt's {@code revert_reason}.
 */
public enum RevertCode {
    CONTRACT_NOT_FOUND,
    ENTRYPOINT_NOT_FOUND,
    INVALID_CALLDATA,
    CONTRACT_PAUSED,
    NOT_OWNER,
    NOT_ARBITER,
    NOT_ORDER_PARTY,
    NOT_AUTHORIZED,
    TOKEN_NOT_ALLOWED,
    AMOUNT_ZERO,
    ORDER_ID_ZERO,
    ORDER_ALREADY_EXISTS,
    ORDER_NOT_FOUND,
    ORDER_NOT_OPEN,
    ORDER_NOT_LOCKED,
    ORDER_NOT_DISPUTED,
    ORDER_NOT_REFUNDABLE,
    INVALID_LOCK_DURATION,
    SELLER_CANNOT_LOCK,
    LOCK_NOT_EXPIRED,
    PROOF_ALREADY_USED,
    INVALID_PROOF_SIGNATURE,
    INVALID_WINNER,
    ZERO_ADDRESS,
    ERC20_INSUFFICIENT_BALANCE,
    ERC20_INSUFFICIENT_ALLOWANCE,
    ACCOUNT_CALL_NOT_SUPPORTED
}

package org.mexicop2p.sandbox.starknet.contract;

import com.swmansion.starknet.data.Selector;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mexicop2p.sandbox.starknet.Felts;

/**
 * A minimal OpenZeppelin-style ERC-20 (USDC or USDT stand-in, 6 decimals): balances, allowances, {@code Transfer} and
 * {@code Approval} events (owner/spender as keys, as OpenZeppelin declares them), both snake_case and camelCase entry points as OpenZeppelin exposes them.
 */
public final class Erc20Token {

    private static final BigInteger TRANSFER = Selector.selectorFromName("transfer").getValue();
    private static final BigInteger TRANSFER_FROM = Selector.selectorFromName("transfer_from").getValue();
    private static final BigInteger TRANSFER_FROM_CAMEL = Selector.selectorFromName("transferFrom").getValue();
    public static final BigInteger APPROVE = Selector.selectorFromName("approve").getValue();
    private static final BigInteger BALANCE_OF = Selector.selectorFromName("balance_of").getValue();
    private static final BigInteger BALANCE_OF_CAMEL = Selector.selectorFromName("balanceOf").getValue();
    private static final BigInteger ALLOWANCE = Selector.selectorFromName("allowance").getValue();
    private static final BigInteger DECIMALS = Selector.selectorFromName("decimals").getValue();
    private static final BigInteger SYMBOL = Selector.selectorFromName("symbol").getValue();
    private static final BigInteger TOTAL_SUPPLY = Selector.selectorFromName("total_supply").getValue();
    /** Sandbox faucet: anyone may mint test tokens, as devnet's mintable tokens allow. Never on a real token. */
    public static final BigInteger MINT_SELECTOR = Selector.selectorFromName("mint").getValue();
    private static final BigInteger TRANSFER_EVENT = Selector.selectorFromName("Transfer").getValue();
    private static final BigInteger APPROVAL_EVENT = Selector.selectorFromName("Approval").getValue();

    /** USDC and USDT both use 6 decimals on Starknet. */
    public static final int DECIMALS_VALUE = 6;

    private final BigInteger address;
    private final String symbol;
    private final Map<BigInteger, BigInteger> balances = new HashMap<>();
    private final Map<List<BigInteger>, BigInteger> allowances = new HashMap<>();
    private final Map<String, BigInteger> totalSupply = new HashMap<>();

    public Erc20Token(BigInteger address, String symbol) {
        this.address = address;
        this.symbol = symbol;
    }

    public BigInteger address() {
        return address;
    }

    public BigInteger balanceOf(BigInteger account) {
        return balances.getOrDefault(account, BigInteger.ZERO);
    }

    /** Sandbox-only minting (the {@code mint} faucet entry point), used by the hooks to fund fresh sellers. */
    public void mint(ExecutionContext ctx, BigInteger to, BigInteger amount) {
        ctx.journal().put(balances, to, balanceOf(to).add(amount));
        ctx.journal().put(totalSupply, "total", totalSupply.getOrDefault("total", BigInteger.ZERO).add(amount));
        ctx.emit(new Event(address, List.of(TRANSFER_EVENT, BigInteger.ZERO, to), u256Words(amount)));
    }

    /** Moves {@code amount} from the caller to {@code to}. */
    public void transfer(ExecutionContext ctx, BigInteger to, BigInteger amount) {
        move(ctx, ctx.caller(), to, amount);
    }

    /** Moves {@code amount} from {@code from} to {@code to} on the caller's allowance. */
    public void transferFrom(ExecutionContext ctx, BigInteger from, BigInteger to, BigInteger amount) {
        List<BigInteger> key = List.of(from, ctx.caller());
        BigInteger allowed = allowances.getOrDefault(key, BigInteger.ZERO);
        if (allowed.compareTo(amount) < 0) {
            throw revert(RevertCode.ERC20_INSUFFICIENT_ALLOWANCE, TRANSFER_FROM);
        }
        move(ctx, from, to, amount);
        ctx.journal().put(allowances, key, allowed.subtract(amount));
    }

    private void move(ExecutionContext ctx, BigInteger from, BigInteger to, BigInteger amount) {
        BigInteger fromBalance = balanceOf(from);
        if (fromBalance.compareTo(amount) < 0) {
            throw revert(RevertCode.ERC20_INSUFFICIENT_BALANCE, TRANSFER);
        }
        ctx.journal().put(balances, from, fromBalance.subtract(amount));
        ctx.journal().put(balances, to, balanceOf(to).add(amount));
        ctx.emit(new Event(address, List.of(TRANSFER_EVENT, from, to), u256Words(amount)));
    }

    /** Entry point dispatch for an invoke or a call; returns the Cairo return values. */
    public List<BigInteger> invoke(ExecutionContext ctx, BigInteger selector, List<BigInteger> calldata) {
        if (selector.equals(TRANSFER)) {
            expectArity(calldata, 3, selector);
            transfer(ctx, nonZero(calldata.get(0), selector), u256(calldata, 1, selector));
            return List.of(BigInteger.ONE);
        }
        if (selector.equals(TRANSFER_FROM) || selector.equals(TRANSFER_FROM_CAMEL)) {
            expectArity(calldata, 4, selector);
            transferFrom(ctx, calldata.get(0), nonZero(calldata.get(1), selector), u256(calldata, 2, selector));
            return List.of(BigInteger.ONE);
        }
        if (selector.equals(MINT_SELECTOR)) {
            expectArity(calldata, 3, selector);
            mint(ctx, nonZero(calldata.get(0), selector), u256(calldata, 1, selector));
            return List.of();
        }
        if (selector.equals(APPROVE)) {
            expectArity(calldata, 3, selector);
            BigInteger spender = nonZero(calldata.get(0), selector);
            BigInteger amount = u256(calldata, 1, selector);
            ctx.journal().put(allowances, List.of(ctx.caller(), spender), amount);
            ctx.emit(new Event(address, List.of(APPROVAL_EVENT, ctx.caller(), spender), u256Words(amount)));
            return List.of(BigInteger.ONE);
        }
        if (selector.equals(BALANCE_OF) || selector.equals(BALANCE_OF_CAMEL)) {
            expectArity(calldata, 1, selector);
            return u256Words(balanceOf(calldata.get(0)));
        }
        if (selector.equals(ALLOWANCE)) {
            expectArity(calldata, 2, selector);
            return u256Words(allowances.getOrDefault(List.of(calldata.get(0), calldata.get(1)), BigInteger.ZERO));
        }
        if (selector.equals(DECIMALS)) {
            expectArity(calldata, 0, selector);
            return List.of(BigInteger.valueOf(DECIMALS_VALUE));
        }
        if (selector.equals(SYMBOL)) {
            expectArity(calldata, 0, selector);
            return List.of(new BigInteger(1, symbol.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        if (selector.equals(TOTAL_SUPPLY)) {
            expectArity(calldata, 0, selector);
            return u256Words(totalSupply.getOrDefault("total", BigInteger.ZERO));
        }
        throw revert(RevertCode.ENTRYPOINT_NOT_FOUND, selector);
    }

    private ContractRevert revert(RevertCode code, BigInteger selector) {
        return new ContractRevert(code, address, selector);
    }

    private void expectArity(List<BigInteger> calldata, int size, BigInteger selector) {
        if (calldata.size() != size) {
            throw revert(RevertCode.INVALID_CALLDATA, selector);
        }
    }

    private BigInteger nonZero(BigInteger value, BigInteger selector) {
        if (value.signum() == 0) {
            throw revert(RevertCode.ZERO_ADDRESS, selector);
        }
        return value;
    }

    private BigInteger u256(List<BigInteger> calldata, int index, BigInteger selector) {
        BigInteger low = calldata.get(index);
        BigInteger high = calldata.get(index + 1);
        if (low.compareTo(Felts.U128_LIMIT) >= 0 || high.compareTo(Felts.U128_LIMIT) >= 0) {
            throw revert(RevertCode.INVALID_CALLDATA, selector);
        }
        return high.shiftLeft(128).or(low);
    }

    /** A u256 as Cairo serialises it: low 128 bits, then high 128 bits. */
    public static List<BigInteger> u256Words(BigInteger value) {
        return List.of(value.and(Felts.U128_LIMIT.subtract(BigInteger.ONE)), value.shiftRight(128));
    }
}

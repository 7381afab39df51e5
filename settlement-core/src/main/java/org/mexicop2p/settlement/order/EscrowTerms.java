package org.mexicop2p.settlement.order;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.money.Token;

import java.util.regex.Pattern;

/**
 * Where sellers deposit: the escrow contract and the token contracts, from {@code mp2p.chain.escrow-address} and
 * {@code mp2p.chain.tokens.usdc|usdt}. Checked at start-up so a typo stops the daemon instead of sending a seller's
 * funds to a wrong address.
 */
@Singleton
public class EscrowTerms {

    private static final Pattern FELT_HEX = Pattern.compile("0x[0-9a-fA-F]{1,64}");

    private final String escrowContract;
    private final String usdcAddress;
    private final String usdtAddress;

    public EscrowTerms(@Value("${mp2p.chain.escrow-address}") String escrowContract,
                       @Value("${mp2p.chain.tokens.usdc}") String usdcAddress,
                       @Value("${mp2p.chain.tokens.usdt}") String usdtAddress) {
        this.escrowContract = requireAddress("mp2p.chain.escrow-address", escrowContract);
        this.usdcAddress = requireAddress("mp2p.chain.tokens.usdc", usdcAddress);
        this.usdtAddress = requireAddress("mp2p.chain.tokens.usdt", usdtAddress);
    }

    private static String requireAddress(String key, String value) {
        if (value == null || !FELT_HEX.matcher(value).matches()) {
            throw new IllegalStateException(key + " must be a 0x-prefixed Starknet address, got '" + value + "'");
        }
        return value.toLowerCase();
    }

    public String escrowContract() {
        return escrowContract;
    }

    public String tokenAddress(Token token) {
        return switch (token) {
            case USDC -> usdcAddress;
            case USDT -> usdtAddress;
        };
    }
}

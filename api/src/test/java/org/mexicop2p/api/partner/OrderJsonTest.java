package org.mexicop2p.api.partner;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OrderJson} must write exactly the bytes Micronaut Serde writes for the same {@link PartnerViews.Order}: the
 * order lookup uses one, creation and the list the other, and a partner must not see the difference.
 */
class OrderJsonTest {

    /** Serde as the daemon configures it ({@code config/application.yml}). */
    private static final ObjectMapper SERDE = ObjectMapper.create(
            Map.of("micronaut.serde.serialization.inclusion", "NON_NULL"));

    private static String same(PartnerViews.Order order) throws IOException {
        byte[] serde = SERDE.writeValueAsBytes(order);
        byte[] fast = OrderJson.write(order);
        String text = new String(fast, StandardCharsets.UTF_8);
        assertArrayEquals(serde, fast, () -> "Serde wrote " + new String(serde, StandardCharsets.UTF_8)
                + "\nOrderJson " + text);
        return text;
    }

    private static PartnerViews.Order order(String ref, List<PartnerViews.TimelineEntry> timeline,
                                            List<String> allowedActions, BigDecimal rate) {
        return new PartnerViews.Order("0b6f1c1e-9d5a-4a35-9a8e-3c1f0e5d2a71", "PENDING_DEPOSIT", ref,
                "5f0d8a1b-2c3e-4f50-8a6b-7c8d9e0f1a2b", "USDC", "100", rate, new BigDecimal("1725.00"),
                new BigDecimal("1.50"), new BigDecimal("25.88"), "PARTNER", new BigDecimal("1699.12"),
                "002010077777777771", new PartnerViews.Escrow("0x4a1b", "0xb6f1c1e9d5a4a359a8e3c1f0e5d2a71",
                "0x53c91253bc9682c04929ca02ed00b3e423f6710d2ee7e0d5ebb06f3ecf368a8", "100000000"),
                timeline, allowedActions, "2026-11-22T10:19:00.123456Z", "2026-11-22T10:19:00.123456Z");
    }

    @Test
    void aNewOrderAsTheLookupReturnsIt() throws IOException {
        String json = same(order("user_12345", List.of(new PartnerViews.TimelineEntry("ORDER_CREATED",
                "PENDING_DEPOSIT", "2026-11-22T10:19:00.123456Z")), List.of("SELLER_DEPOSIT"),
                new BigDecimal("17.25")));
        assertTrue(json.startsWith("{\"id\":\"0b6f1c1e-9d5a-4a35-9a8e-3c1f0e5d2a71\",\"status\":\"PENDING_DEPOSIT\","),
                json);
        assertTrue(json.contains("\"exchangeRate\":17.25,\"grossAmountMxn\":1725.00,"), json);
        assertTrue(json.contains("\"timeline\":[{\"event\":\"ORDER_CREATED\",\"status\":\"PENDING_DEPOSIT\","), json);
    }

    @Test
    void onlyNullPartsAreLeftOut() throws IOException {
        String listItem = same(order("user_1", null, List.of(), new BigDecimal("18.3365")));
        assertFalse(listItem.contains("timeline"), listItem);
        assertTrue(listItem.contains("\"allowedActions\":[]"), listItem);
        same(order("", List.of(), List.of("A", "B"), null));
        same(new PartnerViews.Order(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        same(new PartnerViews.Order(null, null, null, null, null, null, null, null, null, null, null, null, null,
                new PartnerViews.Escrow(null, "", null, "1"), List.of(new PartnerViews.TimelineEntry(null, "", null)),
                List.of(""), "", null));
    }

    @Test
    void textsThatNeedEscapingOrMoreThanOneByte() throws IOException {
        for (String ref : new String[] {"quote\"d", "back\\slash", "new\nline", "tab\tand\rreturn",
                "\u0000\u0001\u001f", "del\u007f", "café", "peso ₱ and euro €", "emoji \uD83D\uDCB8", "</script>",
                "slash/ok", "'single'", "\u2028\u2029", "\uFEFFbom", "lone \uD83D high", "lone \uDCB8 low",
                "\uDCB8\uD83D reversed"}) {
            same(order(ref, List.of(new PartnerViews.TimelineEntry(ref, ref, ref)), List.of(ref, "X"),
                    new BigDecimal("17.25")));
        }
    }

    @Test
    void numbersInEveryFormBigDecimalPrints() throws IOException {
        for (String number : new String[] {"0", "0.00", "17.25", "-3.50", "1E+3", "1.5E-7", "0.000001",
                "123456789012345678901234567890.12", "100"}) {
            same(order("user", null, List.of(), new BigDecimal(number)));
        }
        same(order("user", null, List.of(), new BigDecimal(new BigInteger("12345"), -20)));
    }

    @Test
    void randomOrders() throws IOException {
        SplittableRandom random = new SplittableRandom(20261122);
        String alphabet = "abcXYZ019._:@-\"\\/\n\t\u0000\u007féü€\uD83D\uDCB8 ";
        for (int i = 0; i < 5_000; i++) {
            List<PartnerViews.TimelineEntry> timeline = null;
            if (random.nextInt(4) > 0) {
                timeline = new ArrayList<>();
                for (int step = random.nextInt(12); step > 0; step--) {
                    timeline.add(new PartnerViews.TimelineEntry(text(random, alphabet), text(random, alphabet),
                            text(random, alphabet)));
                }
            }
            List<String> actions = new ArrayList<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                actions.add(text(random, alphabet));
            }
            BigDecimal rate = random.nextInt(10) == 0 ? null
                    : BigDecimal.valueOf(random.nextLong(), random.nextInt(-5, 12));
            same(order(text(random, alphabet), timeline, actions, rate));
        }
    }

    private static String text(SplittableRandom random, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(20); n > 0; n--) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }
}

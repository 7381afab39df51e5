package org.mexicop2p.cep.cli;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command's output lines are built byte by byte instead of through a StringBuilder; they must come out exactly
 * as {@code String.getBytes(UTF_8)}, {@code BigDecimal.toPlainString}, {@code LocalDate.toString} and
 * {@code LocalTime.toString} would have written them.
 */
class Utf8LineTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "Peña Nieto", "日本", "emoji \uD83D\uDE00 pair", "lone \uD800 surrogate",
        "tab\tand\nnewline"})
    void textIsEncodedExactlyAsStringGetBytesEncodesIt(String s) {
        Utf8Line line = new Utf8Line(4).text("<").text(s).text(">");

        assertArrayEquals(("<" + s + ">").getBytes(StandardCharsets.UTF_8), line.toByteArray());
    }

    @Test
    void nullIsWrittenAsAStringBuilderWritesIt() {
        assertEquals("a=null", new Utf8Line().text("a=").text(null).toString());
    }

    @Test
    void jsonEscapingFollowsRfc8259AndEscapesTheJavaScriptLineSeparators() {
        String raw = "quote\" backslash\\ nl\n cr\r tab\t bell\u0007 ls\u2028 ps\u2029 eñe";
        String expected = "quote\\\" backslash\\\\ nl\\n cr\\r tab\\t bell\\u0007 ls\\u2028 ps\\u2029 eñe";

        assertEquals(expected, new Utf8Line().jsonEscaped(raw).toString());
        assertEquals("plain", new Utf8Line().jsonEscaped("plain").toString());
    }

    @Test
    void textEscapingLeavesNoLineBreakAndIsUnambiguous() {
        String raw = "back\\slash nl\n cr\r tab\t nul\u0000 us\u001f del\u007f nel\u0085 csi\u009b ls\u2028 ps\u2029"
                + " literal\\n eñe 日本 \uD83D\uDE00";
        String expected = "back\\\\slash nl\\n cr\\r tab\\t nul\\u0000 us\\u001f del\\u007f nel\\u0085 csi\\u009b"
                + " ls\\u2028 ps\\u2029 literal\\\\n eñe 日本 \uD83D\uDE00";

        Utf8Line line = new Utf8Line(4).escaped("<").escaped(raw).escaped(">");

        assertArrayEquals(("<" + expected + ">").getBytes(StandardCharsets.UTF_8), line.toByteArray());
        assertEquals("plain ASCII ~ 0-9", new Utf8Line().escaped("plain ASCII ~ 0-9").toString());
        assertEquals("a=null", new Utf8Line().text("a=").escaped(null).toString());
    }

    @Test
    void numbersAndTwoDigitFields() {
        Utf8Line line = new Utf8Line(2).number(0).ascii(' ').number(1234567890123456789L).ascii(' ')
                .number(-42).ascii(' ').twoDigits(7).twoDigits(59);

        assertEquals("0 1234567890123456789 -42 0759", line.toString());
    }

    @Test
    void amountsDatesAndTimesReadAsTheJdkWritesThem() {
        for (long centavos : new long[] {0, 1, 9, 10, 99, 100, 101, 341495, 99999999999999999L}) {
            BigDecimal amount = BigDecimal.valueOf(centavos, 2);
            assertEquals(amount.toPlainString(), Report.amount(new Utf8Line(), amount).toString());
        }
        for (BigDecimal other : new BigDecimal[] {new BigDecimal("300"), new BigDecimal("9858.7"),
            new BigDecimal("1E+3"), new BigDecimal("-5.25"), new BigDecimal("123456789012345678901234.56")}) {
            assertEquals(other.toPlainString(), Report.amount(new Utf8Line(), other).toString());
        }
        for (LocalDate date : new LocalDate[] {LocalDate.of(2024, 11, 8), LocalDate.of(1999, 1, 31),
            LocalDate.of(9999, 12, 31), LocalDate.of(999, 1, 1), LocalDate.of(12345, 6, 7), LocalDate.of(-1, 2, 3)}) {
            assertEquals(date.toString(), Report.date(new Utf8Line(), date).toString());
        }
        for (LocalTime time : new LocalTime[] {LocalTime.of(10, 53, 36), LocalTime.of(0, 0), LocalTime.of(23, 59),
            LocalTime.of(9, 5, 0), LocalTime.of(9, 5, 1), LocalTime.of(1, 2, 3, 400)}) {
            assertEquals(time.toString(), Report.time(new Utf8Line(), time).toString());
        }
    }
}

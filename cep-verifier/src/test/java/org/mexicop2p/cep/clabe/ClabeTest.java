package org.mexicop2p.cep.clabe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClabeTest {

    @ParameterizedTest
    @CsvSource({
            "723969000011000077, 90723",
            "012180004643051249, 40012",
            "646180157048010399, 90646",
            "166180026480316602, 37166",
            "021180043534353354, 40021",
            "042180016002869580, 40042",
            "059180019535000152, 40059",
            "062580001010001417, 40062",
            "113180000001110557, 40113",
            "659437001005389354, 90659"
    })
    void realClabesParseAndNameTheirParticipant(String digits, String speiCode) {
        Clabe clabe = Clabe.parse(digits);
        assertEquals(digits, clabe.digits());
        assertEquals(speiCode, clabe.participant().speiCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "72396900001100007", "7239690000110000770", "72396900001100007a", "７23969000011000077",
            " 723969000011000077"})
    void wrongLengthOrNonDigitsAreRejected(String candidate) {
        var e = assertThrows(Clabe.InvalidClabeException.class, () -> Clabe.parse(candidate));
        assertEquals(Clabe.Rejection.NOT_18_DIGITS, e.rejection());
    }

    @Test
    void nullIsRejectedAsNot18Digits() {
        var e = assertThrows(Clabe.InvalidClabeException.class, () -> Clabe.parse(null));
        assertEquals(Clabe.Rejection.NOT_18_DIGITS, e.rejection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"723969000011000078", "123456789012345678", "012180004643051240"})
    void aWrongCheckDigitIsRejected(String candidate) {
        var e = assertThrows(Clabe.InvalidClabeException.class, () -> Clabe.parse(candidate));
        assertEquals(Clabe.Rejection.BAD_CHECK_DIGIT, e.rejection());
    }

    @Test
    void aValidCheckDigitWithAnUnknownPrefixIsRejected() {
        var e = assertThrows(Clabe.InvalidClabeException.class, () -> Clabe.parse("566180000553286528"));
        assertEquals(Clabe.Rejection.UNKNOWN_PARTICIPANT, e.rejection());
    }

    @Test
    void theBundledTableHasEveryParticipant() {
        SpeiParticipants table = SpeiParticipants.bundled();
        assertEquals(98, table.size());
        assertEquals("001", table.bySpeiCode("2001").orElseThrow().clabePrefix());
    }
}

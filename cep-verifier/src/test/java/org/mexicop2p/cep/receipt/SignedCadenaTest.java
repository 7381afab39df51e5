package org.mexicop2p.cep.receipt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mexicop2p.cep.verify.Samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The decoded cadena of every real sample agrees with a plain split of its text, all 18, 25 or 42 fields of it. */
class SignedCadenaTest {

    static Stream<String> allSamples() {
        return Stream.concat(Samples.betaPrefixes().stream(), Stream.of("prod_"));
    }

    @ParameterizedTest
    @MethodSource("allSamples")
    void everyFieldIsTheTextBetweenItsBars(String prefix) throws Exception {
        String cadena = CepXmlParser.parse(Samples.bytes(prefix)).cadenaCda();
        int end = cadena.lastIndexOf("||");
        List<String> parts = Arrays.asList(cadena.substring(2, end).split("\\|", -1));

        SignedCadena decoded = SignedCadena.decode(cadena);

        assertEquals(parts.subList(0, parts.size() - 1), decoded.fields());
        assertEquals(decoded.layout().dataFields(), decoded.fields().size());
        assertEquals(parts.get(parts.size() - 1), decoded.certificateNumber());
        for (int position = 1; position <= decoded.layout().dataFields(); position++) {
            assertEquals(parts.get(position - 1), decoded.field(position), "field " + position);
        }
        assertEquals(cadena.substring(0, end + 2), decoded.signedText());
        assertThrows(IndexOutOfBoundsException.class, () -> decoded.field(decoded.layout().dataFields() + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> decoded.field(0));
    }

    @ParameterizedTest
    @MethodSource("allSamples")
    void fieldsWithMultiByteCharactersAreCutAtTheirBars(String prefix) throws Exception {
        String cadena = CepXmlParser.parse(Samples.bytes(prefix)).cadenaCda();
        String[] parts = cadena.split("\\|", -1);
        // parts[0] and [1] are the empty strings before the leading "||": data field n is parts[n + 1]. Two- and
        // three-byte characters in field 7 (a core field) and in a later one (past field 18 where the layout has
        // such fields, else the concept) move every later bar's byte position away from its character position.
        int lastField = parts.length - 5;
        int laterField = lastField > 18 ? lastField : 16;
        parts[8] = "PEÑA ÁLVAREZ ✓";
        parts[laterField + 1] = "ÚLTIMO ✓ " + parts[laterField + 1];
        String edited = String.join("|", parts);

        SignedCadena decoded = SignedCadena.decode(edited);

        assertEquals("PEÑA ÁLVAREZ ✓", decoded.field(7));
        assertEquals(parts[laterField + 1], decoded.field(laterField));
        assertEquals(Arrays.asList(parts).subList(2, lastField + 2), decoded.fields());
        assertEquals(parts[lastField + 2], decoded.certificateNumber());
        assertEquals(edited.substring(0, edited.lastIndexOf("||") + 2), decoded.signedText());
        assertArrayEquals(decoded.signedText().getBytes(StandardCharsets.UTF_8), decoded.signedBytes());
    }

    @Test
    void amountsOfEveryWrittenStyleBecomeExactPesosWithTwoDecimals() throws Exception {
        String cadena = CepXmlParser.parse(Samples.bytes("beta_2024-11-08_tipo01")).cadenaCda();
        String[] fields = cadena.split("\\|", -1);
        // fields[0] and [1] are the empty strings before the leading "||"; data field 18 is fields[19].
        for (String[] amount : new String[][] {{"300", "300.00"}, {"9858.7", "9858.70"},
            {"000000000000008.17", "8.17"}, {"999999999999999.99", "999999999999999.99"}}) {
            fields[19] = amount[0];
            assertEquals(amount[1], SignedCadena.decode(String.join("|", fields)).amount().toPlainString());
        }
        fields[19] = "1000000000000000.00";
        MalformedReceiptException tooLarge = assertThrows(MalformedReceiptException.class,
                () -> SignedCadena.decode(String.join("|", fields)));
        assertEquals(ReceiptProblem.MALFORMED_CADENA, tooLarge.problem());
        assertEquals("amount (field 18) exceeds 999999999999999.99 pesos", tooLarge.getMessage());
    }
}

package org.mexicop2p.cep.receipt;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of a CEP document exactly as the XML carries them. Nothing here is signed except the text of
 * {@code cadenaCDA}; the rest is only compared against it. Values are held by position in each {@link Element}'s
 * attribute list (Banxico's own order), so reading one is an array access, not a map lookup.
 */
public final class CepXml {

    /** The three elements of a CEP and the exact attributes each must carry. */
    public enum Element {
        SPEI_TERCERO("SPEI_Tercero", "FechaOperacion", "Hora", "ClaveSPEI", "sello", "numeroCertificado",
                "cadenaCDA", "claveRastreo"),
        BENEFICIARIO("Beneficiario", "BancoReceptor", "Nombre", "TipoCuenta", "Cuenta", "RFC", "Concepto", "IVA",
                "MontoPago"),
        ORDENANTE("Ordenante", "BancoEmisor", "Nombre", "TipoCuenta", "Cuenta", "RFC");

        private final String tag;
        /** The parser reads these by position; never handed out (see {@link #attributes()}). */
        final String[] attributes;
        /** {@link #tag} and {@link #attributes} as the (ASCII) bytes the parser matches in place. */
        final byte[] tagBytes;
        final byte[][] attributeBytes;

        Element(String tag, String... attributes) {
            this.tag = tag;
            this.attributes = attributes;
            this.tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
            this.attributeBytes = new byte[attributes.length][];
            for (int i = 0; i < attributes.length; i++) {
                attributeBytes[i] = attributes[i].getBytes(StandardCharsets.US_ASCII);
            }
        }

        public String tag() {
            return tag;
        }

        public List<String> attributes() {
            return List.of(attributes);
        }

        public int attributeCount() {
            return attributes.length;
        }

        /** Position of {@code name} in {@link #attributes()}, or -1. */
        int positionOf(String name) {
            for (int i = 0; i < attributes.length; i++) {
                if (attributes[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** Position of {@code name} in {@link #attributes()}; it must be one of them. */
        public int indexOf(String name) {
            int i = positionOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(tag + " has no attribute " + name);
            }
            return i;
        }
    }

    private static final int CADENA_CDA = Element.SPEI_TERCERO.indexOf("cadenaCDA");
    private static final int SELLO = Element.SPEI_TERCERO.indexOf("sello");
    private static final int NUMERO_CERTIFICADO = Element.SPEI_TERCERO.indexOf("numeroCertificado");
    private static final int CLAVE_RASTREO = Element.SPEI_TERCERO.indexOf("claveRastreo");

    /** By element ordinal, then attribute position; every value present (the parser guarantees it). */
    private final String[][] values;

    CepXml(String[] root, String[] beneficiario, String[] ordenante) {
        this.values = new String[][] {root, beneficiario, ordenante};
    }

    /** The value of attribute number {@code index} (see {@link Element#attributes()}) of {@code element}. */
    public String value(Element element, int index) {
        return values[element.ordinal()][index];
    }

    /** Attributes of {@code SPEI_Tercero}, by name. */
    public Map<String, String> root() {
        return asMap(Element.SPEI_TERCERO);
    }

    /** Attributes of {@code Beneficiario}, by name. */
    public Map<String, String> beneficiario() {
        return asMap(Element.BENEFICIARIO);
    }

    /** Attributes of {@code Ordenante}, by name. */
    public Map<String, String> ordenante() {
        return asMap(Element.ORDENANTE);
    }

    public String cadenaCda() {
        return values[0][CADENA_CDA];
    }

    public String sello() {
        return values[0][SELLO];
    }

    public String certificateNumber() {
        return values[0][NUMERO_CERTIFICADO];
    }

    /** The tracking key as written in the file. Not signed: anyone can edit it without breaking the sello. */
    public String unsignedTrackingKey() {
        return values[0][CLAVE_RASTREO];
    }

    private Map<String, String> asMap(Element element) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < element.attributes.length; i++) {
            map.put(element.attributes[i], values[element.ordinal()][i]);
        }
        return Collections.unmodifiableMap(map);
    }
}

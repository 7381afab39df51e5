package org.mexicop2p.cep.receipt;

import java.util.Map;

/**
 * The attributes of a CEP document exactly as the XML carries them. Nothing here is signed except the text of
 * {@code cadenaCDA}; the rest is only compared against it.
 *
 * @param root         attributes of {@code SPEI_Tercero}
 * @param beneficiario attributes of {@code Beneficiario}
 * @param ordenante    attributes of {@code Ordenante}
 */
public record CepXml(Map<String, String> root, Map<String, String> beneficiario, Map<String, String> ordenante) {

    public CepXml {
        root = Map.copyOf(root);
        beneficiario = Map.copyOf(beneficiario);
        ordenante = Map.copyOf(ordenante);
    }

    public String cadenaCda() {
        return root.get("cadenaCDA");
    }

    public String sello() {
        return root.get("sello");
    }

    public String certificateNumber() {
        return root.get("numeroCertificado");
    }

    /** The tracking key as written in the file. Not signed: anyone can edit it without breaking the sello. */
    public String unsignedTrackingKey() {
        return root.get("claveRastreo");
    }
}

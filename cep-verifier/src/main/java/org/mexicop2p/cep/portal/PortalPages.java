package org.mexicop2p.cep.portal;

/**
 * Recognises the portal's HTML answers (cep.md §4.4). The portal mixes raw UTF-8 and HTML entities, so each
 * marker is an ASCII fragment present in both spellings.
 */
final class PortalPages {

    /** What a {@code valida.do} page says. */
    enum Validation { READY, NOT_YET_AVAILABLE, NOT_FOUND, THROTTLED, UNRECOGNISED }

    private PortalPages() {
    }

    static Validation classifyValidation(String page) {
        if (page.contains("Gracias por utilizar el servicio de descarga de CEP")
                && page.contains("descarga.do?formato=XML")) {
            return Validation.READY;
        }
        if (page.contains("La imagen de seguridad no fue ingresada correctamente") || mentionsMaxQueries(page)) {
            return Validation.THROTTLED;
        }
        // Checked before "not found": the liquidated-without-CEP page also lists a "No encontrado" state.
        if (page.contains("no es posible generar el CEP") && page.contains("el siguiente pago")) {
            return Validation.NOT_YET_AVAILABLE;
        }
        if (page.contains("no encontrada. El SPEI no ha recibido una orden de pago")
                || page.contains("[BE] No se encontr")) {
            return Validation.NOT_FOUND;
        }
        return Validation.UNRECOGNISED;
    }

    static boolean mentionsMaxQueries(String page) {
        return page.contains("ximo de consultas");
    }

    static boolean looksLikeCep(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8);
        return head.contains("<SPEI_Tercero");
    }
}

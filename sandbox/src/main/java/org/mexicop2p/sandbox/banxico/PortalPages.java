package org.mexicop2p.sandbox.banxico;

/**
 * Short HTML answers carrying the same messages as the real portal's pages (recorded in
 * {@code ../shared/data/cep/portal}), so that a client that understands the real portal understands the sandbox.
 */
final class PortalPages {

    private PortalPages() {
    }

    static final String READY = """
            <div class="bg-banxico title-bar">Descargar CEP</div>
            <div class="generaComprobantes">
                <h2 style="text-align: center;">Gracias por utilizar el servicio de descarga de CEP</h2>
                <a href="descarga.do?formato=XML">XML</a>
            </div>
            """;

    static final String NOT_YET_AVAILABLE = """
            <div class="bg-banxico title-bar">Informaci&oacute;n del estado del pago</div>
            <div class="info"><strong>Lo sentimos, por el momento no es posible generar el CEP. Con la informaci\u00f3n
            proporcionada se identific\u00f3 el siguiente pago:</strong></div>
            <table><tr><td>Estado del pago en Banxico</td><td>Liquidado</td></tr></table>
            """;

    static final String NOT_FOUND = """
            <div class="bg-banxico title-bar">Error</div>
            <div id="#error_div"><div class="info"><p>
            [BE] No se encontr\u00f3 ning\u00fan pago con la informaci\u00f3n proporcionada. Verifique e intente nuevamente.
            </p></div></div>
            <input type="hidden" name="varHideCaptcha" value="true"/>
            """;

    static final String CAPTCHA = """
            <div class="bg-banxico title-bar">Error</div>
            <div id="#error_div"><div class="info"><p>
            La imagen de seguridad no fue ingresada correctamente. Favor de validar.
            </p></div></div>
            <input type="hidden" name="varHideCaptcha" value="false"/>
            """;

    static final String MAX_QUERIES = """
            <!DOCTYPE html>
            <html lang="es"><head><title>Comprobante Electr&oacute;nico de Pago</title></head><body>
            <h1>Lo sentimos, pero ha excedido el n&uacute;mero m&aacute;ximo de consultas en este portal. Favor de
            intentar nuevamente m&aacute;s tarde.</h1></body></html>
            """;

    static final String SERVER_ERROR = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Draft//EN">
            <HTML><HEAD><TITLE>Error 500--Internal Server Error</TITLE></HEAD>
            <BODY><H2>Error 500--Internal Server Error</H2></BODY></HTML>
            """;
}

package org.mexicop2p.cep.clabe;

/**
 * A SPEI participant (a bank or payment institution): its 3-digit CLABE prefix, its 5-digit SPEI code (the code CEPs
 * and the Banxico portal use) and a display name. Match on codes, never on names: CEPs spell names differently.
 */
public record SpeiParticipant(String clabePrefix, String speiCode, String name) {
}

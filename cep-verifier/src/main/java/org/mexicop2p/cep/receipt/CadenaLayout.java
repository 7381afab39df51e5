package org.mexicop2p.cep.receipt;

/**
 * The three known layouts of the signed cadena, told apart by their data-field count. Fields 1–18 mean the same in
 * all three, so decisions only ever read those; the extra fields are signed but opaque to us.
 */
public enum CadenaLayout {
    /** Production 2019: core fields only. */
    CORE_18(18),
    /** Production 2022–2024: adds a CoDi/commission block (19–25). */
    CODI_25(25),
    /** Beta 2024-11 onwards: adds indirect-participant and remittance blocks (26–42). */
    REMITTANCE_42(42);

    private final int dataFields;

    CadenaLayout(int dataFields) {
        this.dataFields = dataFields;
    }

    public int dataFields() {
        return dataFields;
    }

    static CadenaLayout forFieldCount(int count) {
        for (CadenaLayout layout : values()) {
            if (layout.dataFields == count) {
                return layout;
            }
        }
        return null;
    }
}

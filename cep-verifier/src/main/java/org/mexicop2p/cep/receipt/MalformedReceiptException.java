package org.mexicop2p.cep.receipt;

/** A receipt was rejected while parsing; {@link #problem()} says why in a fixed code. */
public final class MalformedReceiptException extends Exception {

    private final ReceiptProblem problem;

    public MalformedReceiptException(ReceiptProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public ReceiptProblem problem() {
        return problem;
    }
}

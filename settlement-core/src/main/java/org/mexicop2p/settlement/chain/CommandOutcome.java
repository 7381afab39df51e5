package org.mexicop2p.settlement.chain;

/** The answer to an {@link EscrowCommands} call: the result code and the command record, when one exists. */
public record CommandOutcome(CommandResult result, ChainCommand command) {

    /** Whether the call was refused before anything was recorded. */
    public boolean rejected() {
        return command == null;
    }
}

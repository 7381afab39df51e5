package org.mexicop2p.api.sandbox;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.settlement.order.EscrowTerms;

/** Gives sellers the embedded sandbox node's escrow and token contracts, whatever the configured addresses say. */
@Singleton
@Requires(property = "mp2p.sandbox.embedded", value = "true")
public class SandboxEscrowTerms implements BeanCreatedEventListener<EscrowTerms> {

    private final BeanProvider<EmbeddedSandbox> sandbox;

    public SandboxEscrowTerms(BeanProvider<EmbeddedSandbox> sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public EscrowTerms onCreated(BeanCreatedEvent<EscrowTerms> event) {
        SandboxStarknetNode node = sandbox.get().node();
        return new EscrowTerms("0x" + node.escrowAddress().toString(16), "0x" + node.usdcAddress().toString(16),
                "0x" + node.usdtAddress().toString(16));
    }
}

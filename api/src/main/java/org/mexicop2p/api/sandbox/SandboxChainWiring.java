package org.mexicop2p.api.sandbox;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;

/**
 * Points the chain adapter at the embedded sandbox node: its RPC URL, its escrow contract, and the operator and
 * proof-signer keys the node generated for this run (they exist only in memory, never in a file or a log).
 * {@link SandboxEscrowTerms} does the same for the addresses orders give to sellers.
 */
@Singleton
@Requires(property = "mp2p.sandbox.embedded", value = "true")
public class SandboxChainWiring implements BeanCreatedEventListener<ChainConfig> {

    private final BeanProvider<EmbeddedSandbox> sandbox;

    public SandboxChainWiring(BeanProvider<EmbeddedSandbox> sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public ChainConfig onCreated(BeanCreatedEvent<ChainConfig> event) {
        SandboxStarknetNode node = sandbox.get().node();
        ChainConfig config = event.getBean();
        config.setRpcUrl(node.rpcUrl().toString());
        config.setEscrowAddress(hex(node.escrowAddress().toString(16)));
        config.setOperatorAccountAddress(hex(node.operator().address().toString(16)));
        config.setOperatorPrivateKey(hex(node.operator().privateKey().toString(16)));
        config.setProofSignerPrivateKey(hex(node.proofSignerPrivateKey().toString(16)));
        return config;
    }

    private static String hex(String digits) {
        return "0x" + digits;
    }
}

package org.mexicop2p.sandbox.starknet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox node on its own until interrupted: {@code [--host 127.0.0.1] [--port 5050] [--hold]} ({@code --hold}
 * turns auto-mine off). Sandbox keys may be fixed through {@code MP2P_SANDBOX_OPERATOR_PRIVATE_KEY} and
 * {@code MP2P_SANDBOX_PROOF_SIGNER_PRIVATE_KEY} (hex) so a separately started daemon can be configured with them;
 * otherwise they are generated and never printed.
 */
public final class SandboxNodeMain {

    private SandboxNodeMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SandboxNodeConfig config = SandboxNodeConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> config = config.withHost(value(args, ++i));
                case "--port" -> config = config.withPort(parsePort(value(args, ++i)));
                case "--hold" -> config = config.withAutoMine(false);
                default -> usage("unknown option " + args[i]);
            }
        }
        Map<String, String> env = System.getenv();
        if (env.containsKey("MP2P_SANDBOX_OPERATOR_PRIVATE_KEY")) {
            config = config.withOperatorPrivateKey(key(env.get("MP2P_SANDBOX_OPERATOR_PRIVATE_KEY")));
        }
        if (env.containsKey("MP2P_SANDBOX_PROOF_SIGNER_PRIVATE_KEY")) {
            config = config.withProofSignerPrivateKey(key(env.get("MP2P_SANDBOX_PROOF_SIGNER_PRIVATE_KEY")));
        }
        SandboxStarknetNode node = SandboxStarknetNode.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }));
        System.out.println("rpc_url=" + node.rpcUrl());
        System.out.println("chain_id=" + Felts.hex(node.chainId()));
        System.out.println("escrow_address=" + Felts.hex(node.escrowAddress()));
        System.out.println("usdc_address=" + Felts.hex(node.usdcAddress()));
        System.out.println("usdt_address=" + Felts.hex(node.usdtAddress()));
        System.out.println("operator_address=" + Felts.hex(node.operator().address()));
        System.out.println("arbiter_address=" + Felts.hex(node.arbiterAddress()));
        System.out.println("proof_signer_public_key=" + Felts.hex(node.proofSignerPublicKey()));
        stopped.await();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            usage("missing value for " + args[index - 1]);
        }
        return args[index];
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            usage("port must be a number");
            return -1;
        }
    }

    private static BigInteger key(String hex) {
        BigInteger key = Felts.parseHexOrNull(hex);
        if (key == null || key.signum() == 0
                || key.compareTo(com.swmansion.starknet.crypto.StarknetCurve.CURVE_ORDER) >= 0) {
            usage("a sandbox private key must be hex in [1, curve order)");
        }
        return key;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: SandboxNodeMain [--host 127.0.0.1] [--port 5050] [--hold]");
        System.exit(2);
    }
}

package org.mexicop2p.settlement.kyc;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KYC provider of the embedded default run and of tests: it hands out session URLs under a configurable base and
 * lets the caller (a test, an operator trying the API) approve or reject a session, or make the next starts fail as
 * a real provider outage would. Selected by {@code mp2p.kyc.provider: sandbox} (the default).
 */
@Singleton
@Requires(property = "mp2p.kyc.provider", value = "sandbox", defaultValue = "sandbox")
public class SandboxKycProvider implements KycProvider {

    private final String sessionUrlBase;
    private final BeanProvider<KycService> kycService;
    private final AtomicInteger failuresToInject = new AtomicInteger();

    public SandboxKycProvider(
            @Value("${mp2p.kyc.sandbox.session-url-base:https://kyc.sandbox.mexicop2p.invalid/session/}")
            String sessionUrlBase,
            BeanProvider<KycService> kycService) {
        this.sessionUrlBase = sessionUrlBase;
        this.kycService = kycService;
    }

    @Override
    public SessionStarted start(SessionRequest request) throws ProviderException {
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException("sandbox provider: injected outage", null);
        }
        String providerSessionId = "sbx_" + UUID.randomUUID().toString().replace("-", "");
        return new SessionStarted(providerSessionId, sessionUrlBase + providerSessionId);
    }

    /** Makes the next {@code count} session starts fail. */
    public void failNextStarts(int count) {
        failuresToInject.set(count);
    }

    public KycSession approve(String providerSessionId) {
        return kycService.get().completeSession(providerSessionId, true);
    }

    public KycSession reject(String providerSessionId) {
        return kycService.get().completeSession(providerSessionId, false);
    }
}

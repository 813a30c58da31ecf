package onestop.server.application.policy;

import onestop.engine.domain.policy.Policy;
import onestop.server.domain.PolicyDocument;

/** A stored policy text together with its validated, immutable model. */
public record LoadedPolicy(PolicyDocument document, Policy policy) {}

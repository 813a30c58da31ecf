package onestop.agent.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import onestop.agent.application.LocalStore;

/**
 * Every write the agent makes to its local store (its outage journal too), recorded (with {@code onestop.test.count-writes=true}): the agent's
 * LocalStore is wrapped as it is made. Every method that is not one of the known reads counts as a write, so a method
 * added to LocalStore later is watched until it is declared a read here.
 */
@Singleton
@Requires(property = "onestop.test.count-writes", value = "true")
public final class StoreWrites implements BeanCreatedEventListener<LocalStore> {
    static final Set<String> READS = Set.of("meta", "person", "rosterSize", "policies", "call", "pendingCalls", "settlement", "admission",
            "close", "toString", "hashCode", "equals",
            // the outage journal's (the same store: one file, one transaction)
            "byRequestId", "bySettlementId", "pending", "pendingOf", "totals", "recent", "differencesSince", "accumulators");

    /** The writes so far, as method names, in order. */
    public final List<String> writes = new CopyOnWriteArrayList<>();

    @Override
    public LocalStore onCreated(BeanCreatedEvent<LocalStore> event) {
        LocalStore real = event.getBean();
        // every interface of the store (LocalStore and OfflineJournal): both are injected from this one bean
        return (LocalStore) Proxy.newProxyInstance(LocalStore.class.getClassLoader(), real.getClass().getInterfaces(), (proxy, method, args) -> {
            if (!READS.contains(method.getName())) writes.add(method.getName());
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}

package onestop.agent;

import io.micronaut.runtime.Micronaut;

/** Counter agent: runs beside a front-desk workstation and serves it over loopback HTTP. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        Micronaut.run(AgentMain.class, args);
    }
}

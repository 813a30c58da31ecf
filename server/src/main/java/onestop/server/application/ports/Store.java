package onestop.server.application.ports;

import java.util.function.Function;

/**
 * Where the server keeps its facts. {@link #write} runs a unit of work in one transaction (all or
 * nothing; the store may run it again after a lost race, so it must not have effects outside the
 * transaction); {@link #read} runs queries outside one.
 */
public interface Store {
    <T> T write(Function<StoreTx, T> work);

    <T> T read(Function<StoreTx, T> work);
}

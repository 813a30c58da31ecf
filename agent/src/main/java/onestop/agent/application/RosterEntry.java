package onestop.agent.application;

import onestop.v1.RosterDelta;

/**
 * One person of a roster batch as the local store keeps it: the change's version, the ID number it is looked up by, the
 * person as the server's protobuf bytes. Half the memory of the parsed message, so a batch of 20,000 held while the one
 * before it is written costs about 4 MB of heap, not 8.
 */
public record RosterEntry(long version, String idNumber, byte[] person) {
    public static RosterEntry of(RosterDelta d) {
        return new RosterEntry(d.getVersion(), d.getPerson().getIdNumber(), d.getPerson().toByteArray());
    }
}

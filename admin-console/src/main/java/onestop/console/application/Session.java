package onestop.console.application;

/**
 * One office user logged in through this console. The server's token lives only here, in the console's memory: the
 * browser holds a random session id. {@code csrf} is the token every form of this session must carry.
 */
public record Session(String id, String name, String role, String token, String csrf, long expiresAtMillis) {
    public String roleLabel() {
        return Labels.of(Labels.ROLES, role);
    }
}

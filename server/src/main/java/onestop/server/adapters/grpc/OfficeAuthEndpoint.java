package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.server.application.security.OfficeUsers;
import onestop.v1.LoginRequest;
import onestop.v1.LoginResponse;
import onestop.v1.OfficeAuthServiceGrpc;

/** onestop.v1.OfficeAuthService over {@link OfficeUsers}: the one call without a bearer token (see {@link AuthInterceptor}). */
@Singleton
public final class OfficeAuthEndpoint extends OfficeAuthServiceGrpc.OfficeAuthServiceImplBase {
    private final OfficeUsers users;

    public OfficeAuthEndpoint(OfficeUsers users) {
        this.users = users;
    }

    @Override
    public void login(LoginRequest r, StreamObserver<LoginResponse> out) {
        GrpcErrors.respond(out, () -> users.login(r.getName(), r.getPassword(), r.getClientAddress(), AuthInterceptor.peerAddress()),
                l -> LoginResponse.newBuilder().setToken(l.token()).setName(l.name()).setRole(l.role().name())
                        .setTokenValidMillis(l.validMillis()).build());
    }
}

package onestop.server.adapters.grpc;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Infrastructure gRPC services that are not ours to annotate. micronaut-grpc binds every
 * {@link BindableService} bean into the server, so a factory is enough to expose them.
 */
@Factory
class GrpcServicesFactory {

    /**
     * Server reflection lets grpcurl and similar tools discover the API without the .proto
     * files; V1 is the current protocol, the v1alpha service is deprecated.
     */
    @Singleton
    BindableService protoReflectionService() {
        return ProtoReflectionServiceV1.newInstance();
    }
}

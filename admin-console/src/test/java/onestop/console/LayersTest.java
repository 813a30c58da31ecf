package onestop.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The console's layers: {@code application} (sessions, roles, imports, reports, checks, the server as a port) knows no
 * web framework, no gRPC transport and no adapter; the web controllers and the gRPC client are adapters around it.
 */
class LayersTest {
    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("onestop.console");

    @Test
    void theApplicationLayerKnowsNoAdapter() {
        noClasses().that().resideInAPackage("onestop.console.application..")
                .should().dependOnClassesThat().resideInAnyPackage("onestop.console.adapters..", "io.micronaut..", "io.grpc..", "org.thymeleaf..")
                .check(CLASSES);
    }

    @Test
    void webPagesDoNotTalkGrpcThemselves() {
        noClasses().that().resideInAPackage("onestop.console.adapters.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "onestop.console.adapters.grpc..")
                .check(CLASSES);
    }
}

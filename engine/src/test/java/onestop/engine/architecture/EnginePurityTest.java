package onestop.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The engine is pure: no framework, RPC, database, logging or clock; domain and application do no
 * I/O; money is never floating point. Fails the build the moment one of these appears.
 */
@AnalyzeClasses(packages = "onestop.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EnginePurityTest {

    @ArchTest
    static final ArchRule no_framework_rpc_database_or_logging = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.micronaut..", "jakarta.inject..", "javax.inject..",
                    "io.grpc..", "com.google.protobuf..",
                    "java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..",
                    "org.slf4j..", "ch.qos.logback..", "java.util.logging..", "org.apache.logging..",
                    "org.apache.commons.logging..", "java.lang.System$Logger")
            .because("the engine is pure: inputs in, result and accumulator deltas out");

    @ArchTest
    static final ArchRule no_clock = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().callMethodWhere(readsTheClock())
            .because("time is injected by the caller; the insurance year comes from the settlement date");

    @ArchTest
    static final ArchRule domain_and_application_do_no_io = noClasses()
            .that().resideInAnyPackage("onestop.engine.domain..", "onestop.engine.application..")
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
            .because("reading files belongs to callers and to adapters");

    @ArchTest
    static final ArchRule no_floating_point_fields = noFields()
            .should().haveRawType(double.class).orShould().haveRawType(float.class)
            .orShould().haveRawType(Double.class).orShould().haveRawType(Float.class)
            .because("money is long fen, rates exact millionths: never floating point");

    @ArchTest
    static final ArchRule no_floating_point_methods = noMethods()
            .should(useFloatingPointInTheirSignature())
            .because("money is long fen, rates exact millionths: never floating point");

    @ArchTest
    static final ArchRule no_floating_point_conversions = noClasses()
            .should().callMethodWhere(convertsToFloatingPoint())
            .because("money is long fen, rates exact millionths: never floating point");

    private static DescribedPredicate<JavaMethodCall> readsTheClock() {
        return new DescribedPredicate<>("reads the clock") {
            @Override
            public boolean test(JavaMethodCall call) {
                String owner = call.getTarget().getOwner().getName();
                String name = call.getTarget().getName();
                return (owner.startsWith("java.time.") && name.equals("now"))
                        || (owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime")));
            }
        };
    }

    private static DescribedPredicate<JavaMethodCall> convertsToFloatingPoint() {
        return new DescribedPredicate<>("converts to floating point") {
            @Override
            public boolean test(JavaMethodCall call) {
                String name = call.getTarget().getName();
                String owner = call.getTarget().getOwner().getName();
                return name.equals("doubleValue") || name.equals("floatValue")
                        || (owner.equals("java.lang.Double") && name.startsWith("parse"))
                        || (owner.equals("java.lang.Float") && name.startsWith("parse"));
            }
        };
    }

    private static ArchCondition<JavaMethod> useFloatingPointInTheirSignature() {
        return new ArchCondition<>("use floating point in their signature") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean bad = isFloating(method.getRawReturnType());
                for (JavaClass p : method.getRawParameterTypes()) bad |= isFloating(p);
                if (bad) events.add(SimpleConditionEvent.violated(method, method.getFullName() + " uses floating point"));
            }
        };
    }

    private static boolean isFloating(JavaClass c) {
        String n = c.getName();
        return n.equals("double") || n.equals("float") || n.equals("java.lang.Double") || n.equals("java.lang.Float");
    }
}

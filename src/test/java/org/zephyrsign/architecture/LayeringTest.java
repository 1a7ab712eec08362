package org.zephyrsign.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the layering ARCHITECTURE.md describes, over the compiled production classes. Bottom up:
 * base (the root package) - crypto - image - signer - zephyr - imageset - the two front ends, cli
 * and maven, side by side; between imageset and the front ends, repository (published images: what a build deployed, checked by
 * coordinates). A layer uses only layers below it; the core knows no Maven.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.zephyrsign");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("base").definedBy("org.zephyrsign")
                .layer("crypto").definedBy("org.zephyrsign.crypto..")
                .layer("image").definedBy("org.zephyrsign.image..")
                .layer("signer").definedBy("org.zephyrsign.signer..")
                .layer("zephyr").definedBy("org.zephyrsign.zephyr..")
                .layer("imageset").definedBy("org.zephyrsign.imageset..")
                .layer("repository").definedBy("org.zephyrsign.repository..")
                .layer("cli").definedBy("org.zephyrsign.cli..")
                .layer("maven").definedBy("org.zephyrsign.maven..")
                .whereLayer("maven").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("imageset").mayOnlyBeAccessedByLayers("repository", "cli", "maven")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("cli", "maven")
                .whereLayer("zephyr").mayOnlyBeAccessedByLayers("imageset", "cli", "maven")
                .whereLayer("signer").mayOnlyBeAccessedByLayers("zephyr", "imageset", "cli", "maven")
                .whereLayer("image").mayOnlyBeAccessedByLayers("signer", "zephyr", "imageset", "repository", "cli",
                        "maven")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("image", "signer", "zephyr", "imageset", "repository",
                        "cli", "maven")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.zephyrsign.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheMavenFrontEndKnowsMaven() {
        noClasses().that().resideOutsideOfPackage("org.zephyrsign.maven..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
                .check(classes);
    }

    /**
     * The nRF Connect SDK's rules sit on top of plain Zephyr's: zephyr.ncs uses the zephyr package,
     * never the other way round, so a plain Zephyr build never reaches NCS code.
     */
    @Test
    void plainZephyrKnowsNothingOfTheNrfConnectSdk() {
        noClasses().that().resideInAPackage("org.zephyrsign.zephyr")
                .should().dependOnClassesThat().resideInAPackage("org.zephyrsign.zephyr.ncs..")
                .check(classes);
    }

    /** Backends answer a signing request; how an image is laid out is none of their business. */
    @Test
    void signersSeeOnlyTheSigningRequestOfTheImageLayer() {
        noClasses().that().resideInAPackage("org.zephyrsign.signer..")
                .should().dependOnClassesThat(resideInAPackage("org.zephyrsign.image..")
                        .and(not(name("org.zephyrsign.image.SigningRequest"))))
                .check(classes);
    }

    /**
     * The remote backends' shared layer knows none of them: backends (vault, http, command, the
     * cloud KMSs) build on {@code signer.remote}, never the other way.
     */
    @Test
    void theRemoteLayerKnowsNoBackend() {
        noClasses().that().resideInAPackage("org.zephyrsign.signer.remote")
                .should().dependOnClassesThat(resideInAPackage("org.zephyrsign.signer.*..")
                        .and(not(resideInAPackage("org.zephyrsign.signer.remote"))))
                .check(classes);
    }
}

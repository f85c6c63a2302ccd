package io.postfixinsights.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The build fails on any import against the flow of docs/ARCHITECTURE.md (see {@link Seams}). */
class ArchitectureTest {

    @Test
    void product_code_keeps_to_the_seams() {
        JavaClasses product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.postfixinsights");
        new Seams("io.postfixinsights").all().check(product);
    }
}

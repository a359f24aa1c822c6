package dev.brisk;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Feature packages only reach each other through their published types; no cycles. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(BriskApplication.class);

    @Test
    void verifiesModuleStructure() {
        MODULES.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml();
    }
}

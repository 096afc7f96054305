package io.cgroupguard.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the resources every {@code @QuarkusTest} needs. An unrestricted {@link QuarkusTestResource} applies
 * to all tests of the module, wherever it is declared; declaring it here keeps that in one visible place.
 */
@QuarkusTestResource(TestCertificates.class)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}

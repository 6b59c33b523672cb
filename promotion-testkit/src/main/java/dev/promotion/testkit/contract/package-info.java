/**
 * Contract kits: abstract JUnit 5 classes that state every rule of the SPI as a test.
 *
 * <p>An adapter proves it is complete by extending the kit for its port and implementing the
 * factory hook, like Micrometer's {@code MeterRegistryCompatibilityKit}:
 *
 * <pre>{@code
 * class GitOpsEnvironmentStoreContractTest extends EnvironmentStoreContract {
 *   @Override
 *   protected EnvironmentStore createStore() {
 *     return GitOpsEnvironmentStore.builder().repository(freshRepository()).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh instance from the hook. Tests are grouped by capability in
 * {@code @Nested} classes whose {@code @DisplayName}s state the behaviour, so a failing adapter
 * reads as a list of broken rules. The kits ship in the main jar; add {@code promotion-testkit} at
 * test scope.
 */
package dev.promotion.testkit.contract;

/**
 * The three narrow ports a backend implements ({@link dev.promotion.spi.EnvironmentStore}, {@link
 * dev.promotion.spi.ChartRegistry}, {@link dev.promotion.spi.SourceControl}) and the {@link
 * dev.promotion.spi.PromotionListener} for audit logs and metrics.
 *
 * <p>Ports are dumb on purpose: every promotion rule lives in the use cases, so every backend gets
 * the same semantics. No backend type and no checked exception appears in a signature; adapters
 * translate their failures into {@link dev.promotion.error.BackendException} and the other
 * subclasses of {@link dev.promotion.error.PromotionException}. Implementations must be safe to
 * call from several threads. The contract kits in {@code promotion-testkit} state each rule as a
 * test.
 */
package dev.promotion.spi;

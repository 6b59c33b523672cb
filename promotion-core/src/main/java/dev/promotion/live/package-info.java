/**
 * Live state: what an environment actually runs, as the deployment controller reports it through
 * {@link dev.promotion.spi.LiveState}, and the one rule ({@link dev.promotion.live.RunningRule})
 * that decides whether it runs a version, with the bounded wait ({@link
 * dev.promotion.live.LiveWait}) built on it.
 */
package dev.promotion.live;

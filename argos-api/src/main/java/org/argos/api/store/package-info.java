/**
 * The persistence contracts, for those who store what the engine keeps somewhere else than the shipped stores
 * (in memory in {@code argos-engine}; embedded H2 or PostgreSQL in {@code argos-postgres}).
 * {@link org.argos.api.store.Store} gathers them: sites and schedule ({@link org.argos.api.store.SiteStore}), runs and
 * state ({@link org.argos.api.store.RunStore}), claims shared between nodes ({@link org.argos.api.store.ClaimStore}),
 * the cluster's config version ({@link org.argos.api.store.ClusterStore}), the alert outbox
 * ({@link org.argos.api.store.OutboxStore}) and the reads behind pages and APIs
 * ({@link org.argos.api.store.StatusStore}). Optional capabilities, which a caller asks for with
 * {@link org.argos.api.store.Store#capability(Class)}: deleting old rows ({@link org.argos.api.store.Retention}),
 * remembering remote agents ({@link org.argos.api.store.AgentDirectory}), incidents
 * ({@link org.argos.api.store.Incidents}) and keeping data in a local file
 * ({@link org.argos.api.store.LocalFile}). {@code StoreCompatibilityKit} in {@code argos-testkit} checks an
 * implementation.
 */
@NullMarked
package org.argos.api.store;

import org.jspecify.annotations.NullMarked;

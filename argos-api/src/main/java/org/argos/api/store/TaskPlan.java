package org.argos.api.store;

import org.argos.api.CheckSpec;

/**
 * A task to store: a check of a request group.
 *
 * @param key a stable identity within its group (same check and parameter → same key), so re-registering keeps state
 * @param check the check
 */
public record TaskPlan(String key, CheckSpec check) {}

/**
 * The alert outbox: alerts enqueued, claimed, delivered per channel, grouped into messages, and withheld by silences.
 * Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.outbox;

import org.jspecify.annotations.NullMarked;

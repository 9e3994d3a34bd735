/**
 * Sites and their schedule: registration of site plans (sites, tags, request groups, tasks) and the reads of the
 * sites. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.sites;

import org.jspecify.annotations.NullMarked;

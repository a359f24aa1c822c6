/**
 * Login, logout and opaque bearer tokens, the cached session lookup behind every authenticated
 * request, and the users of an organization.
 */
@NullMarked
package dev.brisk.auth;

import org.jspecify.annotations.NullMarked;

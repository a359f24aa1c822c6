package dev.brisk.cache;

/** A finished response body as the response cache keeps it. */
record StoredResponse(byte[] body, String etag, String contentType) {}

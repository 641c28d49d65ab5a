package io.spindle.connections.rest;

/** Validation rules shared by the connection requests. */
final class Rules {

    static final String KIND = "s3";
    static final String KIND_MESSAGE = "must be \"s3\" (S3-compatible storage: AWS S3, R2, MinIO, GCS in S3 mode, …)";

    static final String HTTP_URL = "https?://[^\\s/?#@]+(/[^\\s]*)?";
    static final String HTTP_URL_MESSAGE = "must be an http:// or https:// URL, such as https://s3.us-east-1.amazonaws.com";

    static final String REGION = "[a-z0-9-]+";
    static final String REGION_MESSAGE = "must be a region name such as us-east-1 (R2 uses auto)";

    static final String ADDRESSING = "auto|path|virtual";
    static final String ADDRESSING_MESSAGE = "must be auto, path or virtual";

    static final String NOT_BLANK = "(?s).*\\S.*";
    static final String NOT_BLANK_MESSAGE = "must not be blank";

    private Rules() {
    }
}

export const id = 419;
export const ids = [419];
export const modules = {

/***/ 823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T6: () => (/* binding */ MANIFEST_CONTENT_TYPE),
/* harmony export */   Vq: () => (/* binding */ sha256OfFile),
/* harmony export */   qw: () => (/* binding */ DELTA_CONTENT_TYPE),
/* harmony export */   z4: () => (/* binding */ sha256OfStream)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


/*
 * verify-upload for delta files: the stored bytes must be the processed file
 * that was verified as a device would before publishing (decrypt, un-Brotli,
 * hash), so comparing SHA-256 of the bytes is the device check carried over.
 */
async function sha256OfStream(stream) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of stream)
        hash.update(chunk);
    return hash.digest('hex');
}
function sha256OfFile(path) {
    return sha256OfStream((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path));
}
/** Content type of a stored delta object: its bytes are encrypted or compressed, so none of the original's. */
const DELTA_CONTENT_TYPE = 'application/octet-stream';
const MANIFEST_CONTENT_TYPE = 'application/json';


/***/ }),

/***/ 5419:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createS3Storage: () => (/* binding */ createS3Storage)
});

// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __webpack_require__(2691);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/abort.ts
var abort = __webpack_require__(6885);
// EXTERNAL MODULE: ./src/publish/http.ts
var http = __webpack_require__(2211);
// EXTERNAL MODULE: ./src/publish/public-url.ts
var public_url = __webpack_require__(546);
// EXTERNAL MODULE: ./src/publish/retry.ts
var publish_retry = __webpack_require__(833);
// EXTERNAL MODULE: ./src/publish/s3-settings.ts
var s3_settings = __webpack_require__(787);
;// CONCATENATED MODULE: ./src/publish/s3-client.ts








const MiB = 1024 * 1024;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
/**
 * The S3 minimum. lib-storage buffers every part in flight and copies it once
 * while slicing the stream, so each concurrent part costs about twice its
 * size until GC. Measured on 500 MB (scripts/bench-upload.ts, bundled, plain
 * node): 8 MiB parts peaked at 136-157 MB, 5 MiB parts at 129 MB, with the same
 * throughput on loopback. 10,000 parts are needed only past 48 GB.
 */
const DEFAULT_PART_SIZE = MIN_PART_SIZE;
/**
 * 4 parts in flight peaked ~30 MB higher than 2 with the same throughput on
 * loopback; two still overlap one part's round trip with the next.
 */
const DEFAULT_QUEUE_SIZE = 2;
/**
 * The SDK's requestTimeout is a deadline until the answer's headers, not a
 * measure of progress: it only backstops a server that trickles forever, at
 * this rate over a whole part. Progress is the socket timeout (request-timeout).
 */
const BACKSTOP_BYTES_PER_SECOND = 16 * 1024;
const RETRYABLE_S3_ERRORS = ['RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown', 'InternalError', 'ServiceUnavailable'];
function errorShape(error) {
    return error && typeof error === 'object' ? error : {};
}
function statusOf(error) {
    return errorShape(error).$metadata?.httpStatusCode;
}
/** One readable line for an SDK failure; SDK messages hold neither keys nor signatures. */
function describeS3Error(error) {
    const { name, message } = errorShape(error);
    const status = statusOf(error);
    const code = (0,http/* networkCode */.e8)(error);
    const label = code ?? (name && name !== 'Error' ? name : undefined);
    const head = [label, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ');
    const text = message && message !== name && message !== 'UnknownError' ? message : '';
    return [head, text].filter(Boolean).join(': ') || String(error);
}
function isUnreachable(error) {
    const code = (0,http/* networkCode */.e8)(error);
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EPROTO)$/.test(code))
        return true;
    const { name } = errorShape(error);
    return name === 'TimeoutError' || /certificate|self.signed/i.test(errorShape(error).message ?? '');
}
function isRetryableS3Error(error) {
    if ((0,http/* isTransientNetworkError */.l)(error))
        return true;
    const status = statusOf(error);
    if (status !== undefined && (0,http/* isRetryableStatus */.PS)(status))
        return true;
    return RETRYABLE_S3_ERRORS.includes(errorShape(error).name ?? '');
}
function isNotFound(error) {
    const { name } = errorShape(error);
    return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}
/** Masks before anything could print; the key id too, as configure-aws-credentials does. */
function maskCredentials(settings, logger) {
    if (settings.secretAccessKey)
        logger.secret(settings.secretAccessKey);
    if (settings.accessKeyId)
        logger.secret(settings.accessKeyId);
}
function credentialsOf(settings) {
    const { accessKeyId, secretAccessKey } = settings;
    // Undefined selects the SDK's default chain: env, web identity (OIDC), profiles, instance roles.
    return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}
/**
 * The SDK's own warnings, as debug lines. Without a logger it prints them to
 * the console, e.g. "An error was encountered in a non-retryable streaming
 * request." for a failed streamed part, which its sender retries anyway
 * (s3-multipart.ts). Only warnings: its other messages describe whole
 * requests, and every failure reaches our own error handling anyway.
 */
function sdkLogger(logger) {
    const say = (...content) => logger.debug(`S3 SDK: ${content.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}`);
    return { debug: () => undefined, info: () => undefined, warn: say, error: () => undefined };
}
function createClient(settings, endpoint, options, timeoutMs, logger) {
    return new dist_cjs.S3Client({
        region: settings.region,
        endpoint: endpoint ? (0,s3_settings/* endpointBase */.fb)(endpoint) : undefined,
        forcePathStyle: settings.forcePathStyle,
        credentials: credentialsOf(settings),
        // Our retry layer (withRetry, logged) is the only one: SDK retries on top would multiply attempts silently.
        maxAttempts: 1,
        logger: sdkLogger(logger),
        // Several S3-compatible services reject or mishandle the checksum headers
        // the SDK sends by default since 3.729; AWS itself keeps those checks.
        requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        requestHandler: {
            // request-timeout, measured on progress: no byte written or read on the socket for this long ends the request.
            socketTimeout: timeoutMs,
            connectionTimeout: options.connectionTimeoutMs ?? timeoutMs,
            requestTimeout: timeoutMs + Math.ceil(((options.partSize ?? DEFAULT_PART_SIZE) / BACKSTOP_BYTES_PER_SECOND) * 1000),
            // Without it the SDK only logs a warning when requestTimeout passes, and waits on.
            throwOnRequestTimeout: true,
        },
    });
}
function describeCommand(commandName, input, uri) {
    const operation = (commandName ?? 'S3 request').replace(/Command$/, '');
    return typeof input.PartNumber === 'number' ? `${operation} part ${input.PartNumber} of ${uri}` : `${operation} ${uri}`;
}
/**
 * Retries each S3 request (one part, not the whole upload) at the start of
 * the middleware stack, so every attempt is serialised and signed afresh.
 * GetObject is left to its caller, which retries around the body stream too.
 */
function addRetry(client, bucket, retry, logger, signal) {
    client.middlewareStack.add((next, context) => (args) => {
        if (context.commandName === 'GetObjectCommand')
            return next(args);
        const input = args.input;
        // A streamed body is spent by one attempt: its sender retries with a fresh stream (s3-multipart.ts).
        if (input.Body instanceof external_node_stream_.Readable)
            return next(args);
        const uri = `s3://${bucket}${typeof input.Key === 'string' ? `/${input.Key}` : ''}`;
        return (0,publish_retry/* withRetry */.b)(() => next(args), {
            ...retry,
            logger,
            what: describeCommand(context.commandName, input, uri),
            retryable: isRetryableS3Error,
            signal,
        });
    }, { step: 'initialize', name: 'capgoBundleRetry', priority: 'high' });
}
/** Writes of this size let the socket time-out see progress: Node refreshes it per write, not while one big buffer drains. */
const WRITE_CHUNK_BYTES = 64 * 1024;
function* slices(buffer) {
    for (let at = 0; at < buffer.byteLength; at += WRITE_CHUNK_BYTES) {
        yield Buffer.from(buffer.buffer, buffer.byteOffset + at, Math.min(WRITE_CHUNK_BYTES, buffer.byteLength - at));
    }
}
/**
 * lib-storage hands each part over as one Buffer, which the SDK writes in one
 * go: a slow but moving upload of a 5 MiB part would then look like silence
 * to the socket time-out. Just before sending (after signing, which hashed
 * the Buffer), the body becomes a stream of 64 KiB writes.
 */
function addChunkedBodies(client) {
    client.middlewareStack.add((next) => (args) => {
        const request = args.request;
        if (request.body instanceof Uint8Array && request.body.byteLength > WRITE_CHUNK_BYTES)
            request.body = external_node_stream_.Readable.from(slices(request.body), { objectMode: false });
        return next(args);
    }, { step: 'deserialize', name: 'capgoBundleChunkedBody', priority: 'low' });
}
/** Masks the credentials, then builds both clients. The settings passed `checkSettings` (s3-settings.ts) in the plan. */
function openS3Context(settings, logger, options, network) {
    maskCredentials(settings, logger);
    const endpoint = (0,s3_settings/* endpointOf */.X5)(settings);
    const { bucket } = settings;
    const { guard } = network;
    const timeoutMs = options.requestTimeoutMs ?? network.requestTimeoutMs;
    const retry = options.retry ?? publish_retry/* defaultRetry */.i;
    const client = createClient(settings, endpoint, options, timeoutMs, logger);
    addRetry(client, bucket, retry, logger, guard.signal);
    addChunkedBodies(client);
    const cleanupClient = createClient(settings, endpoint, options, timeoutMs, logger);
    addRetry(cleanupClient, bucket, { attempts: 2, baseDelayMs: retry.baseDelayMs }, logger);
    const where = endpoint ? `endpoint ${(0,public_url/* originOf */.yv)(endpoint.href)}` : `AWS region ${settings.region}`;
    return {
        settings,
        bucket,
        endpoint,
        where,
        logger,
        options,
        guard,
        timeoutMs,
        retry,
        client,
        cleanupClient,
        cancellable: (request) => (0,abort/* withRequestSignal */.Q)(guard.signal, (abortSignal) => request({ abortSignal })),
        replacing: new Set(),
    };
}
/** The stored object's size, or undefined when there is none. */
async function storedSize(ctx, key, via = ctx.client) {
    try {
        const command = new dist_cjs.HeadObjectCommand({ Bucket: ctx.bucket, Key: key });
        const head = via === ctx.client ? await ctx.cancellable((options) => via.send(command, options)) : await via.send(command);
        return head.ContentLength ?? 0;
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/** Turns a failed read-only request into a message that names the input to change. */
function explain(ctx, error, operation, location) {
    const { settings, bucket, endpoint, where, timeoutMs, retry } = ctx;
    if (error instanceof errors/* BundleError */.rJ)
        return error;
    const { name } = errorShape(error);
    const status = statusOf(error);
    const detail = describeS3Error(error);
    if (name === 'CredentialsProviderError') {
        return new errors/* BundleError */.rJ('s3_credentials', 'No AWS credentials found: set s3-access-key-id and s3-secret-access-key, or run aws-actions/configure-aws-credentials (OIDC) before this step.', 's3-access-key-id');
    }
    if ((0,http/* isTimeout */.kL)(error) && status === undefined) {
        const input = endpoint ? 's3-endpoint' : 's3-region';
        return new errors/* BundleError */.rJ('s3_timeout', `S3 ${operation} on ${location.uri} at ${where} made no progress for ${(0,http/* seconds */.YA)(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check ${input} or raise request-timeout.`, input);
    }
    if (isUnreachable(error) && status === undefined) {
        return endpoint
            ? new errors/* BundleError */.rJ('s3_unreachable', `Cannot reach the S3 endpoint ${(0,public_url/* originOf */.yv)(endpoint.href)} (${detail}); check s3-endpoint.`, 's3-endpoint')
            : new errors/* BundleError */.rJ('s3_unreachable', `Cannot reach S3 in region ${settings.region} (${detail}); check s3-region, or set s3-endpoint for a non-AWS service.`, 's3-region');
    }
    if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
        const actual = errorShape(error).$response?.headers?.['x-amz-bucket-region'];
        return new errors/* BundleError */.rJ('s3_region', `Bucket "${bucket}" is not in region ${settings.region}${actual ? ` but in ${actual}` : ''}; set s3-region${actual ? `: ${actual}` : ''}.`, 's3-region');
    }
    if (name === 'InvalidAccessKeyId') {
        return new errors/* BundleError */.rJ('s3_credentials', `The S3 service at ${where} does not know the access key in s3-access-key-id (${detail}).`, 's3-access-key-id');
    }
    if (name === 'SignatureDoesNotMatch') {
        return new errors/* BundleError */.rJ('s3_credentials', `The S3 service at ${where} rejected the request signature: s3-secret-access-key does not belong to s3-access-key-id.`, 's3-secret-access-key');
    }
    if (status === 403) {
        return new errors/* BundleError */.rJ('s3_access_denied', `S3 refused ${operation} on ${location.uri} (${detail}); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:AbortMultipartUpload on bucket "${bucket}".`, 's3-access-key-id');
    }
    return new errors/* BundleError */.rJ('s3_failed', `S3 ${operation} on ${location.uri} at ${where} failed: ${detail}.`);
}

;// CONCATENATED MODULE: ./src/publish/s3-check.ts



/* The S3 backend's read-only checks, run before anything is written. */
/** The bucket exists and answers; a refused HeadBucket (no s3:ListBucket) is left to checkObject. */
async function checkBucket(ctx, location) {
    const { client, bucket, logger, where } = ctx;
    try {
        await ctx.cancellable((options) => client.send(new dist_cjs.HeadBucketCommand({ Bucket: bucket }), options));
    }
    catch (error) {
        // HeadBucket needs s3:ListBucket; without it, HeadObject below still tells whether we may write.
        if (statusOf(error) === 403) {
            logger.debug(`HeadBucket ${bucket} was refused (403); relying on HeadObject`);
            return;
        }
        if (isNotFound(error) || errorShape(error).name === 'NoSuchBucket') {
            throw new errors/* BundleError */.rJ('s3_bucket_missing', `Bucket "${bucket}" does not exist at ${where}; check s3-bucket (and s3-region / s3-endpoint).`, 's3-bucket');
        }
        throw explain(ctx, error, 'HeadBucket', location);
    }
}
/** The object is absent, or may be replaced (overwrite: true, remembered in `replacing`). */
async function checkObject(ctx, location) {
    const { settings, logger, replacing } = ctx;
    let existing;
    try {
        existing = await storedSize(ctx, location.key);
    }
    catch (error) {
        if (statusOf(error) === 403 && settings.overwrite) {
            logger.warning(`Cannot tell whether ${location.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`);
            return;
        }
        throw explain(ctx, error, 'HeadObject', location);
    }
    if (existing === undefined)
        return;
    replacing.add(location.key);
    if (!settings.overwrite) {
        throw new errors/* BundleError */.rJ('object_exists', `${location.uri} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the object, or set overwrite: true.`, 'overwrite');
    }
    logger.info(`${location.uri} exists (${existing} bytes) and overwrite is true: it will be replaced`);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/lib-storage/dist-cjs/index.js
var lib_storage_dist_cjs = __webpack_require__(2358);
// EXTERNAL MODULE: ./src/bundle/memory.ts + 2 modules
var memory = __webpack_require__(7317);
// EXTERNAL MODULE: ./src/publish/delta-bytes.ts
var delta_bytes = __webpack_require__(823);
;// CONCATENATED MODULE: ./src/publish/s3-delta.ts










/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;
/**
 * Delta (manifest) updates on S3: each processed file at
 * `{bundle key without .zip}/delta/{sha256}_{file_name}` (file_name as in the
 * manifest, `/` and `.br` kept), then `{bundle key without .zip}/manifest.json`.
 * Delta files are always written (a failed earlier run may have left files
 * encrypted with another session key under the same names); only
 * manifest.json, which makes them visible, is held to `overwrite`.
 */
function s3Delta(ctx, bundle) {
    const { settings, bucket, guard, logger, client, cleanupClient } = ctx;
    // The plan runs this check; again here, so no caller can store files that would all share one URL.
    (0,s3_settings/* checkDeltaSettings */.qz)(settings);
    const prefix = (0,s3_settings/* deltaPrefixOf */.qm)((0,s3_settings/* planS3Location */.Vj)(settings, bundle).key);
    const values = { appId: bundle.appId, version: bundle.version };
    const asStored = (location) => ({ key: location.key, url: location.url, label: location.uri });
    /** Whether manifest.json existed before this run (overwrite: true): its old files are then replaced, not just added. */
    let replacingManifest = false;
    /** What a failed upload throws: the cancel's reason after a cancel, else one line naming the object. */
    function uploadFailed(error, key, what) {
        if (guard.signal.aborted)
            return guard.signal.reason;
        const explained = error instanceof errors/* BundleError */.rJ || statusOf(error) === 403
            ? explain(ctx, error, 'upload', { key, url: '', uri: `s3://${bucket}/${key}` }).message
            : `${describeS3Error(error)}.`;
        return new errors/* BundleError */.rJ('s3_upload_failed', `Uploading ${what} to s3://${bucket}/${key} failed: ${explained}`);
    }
    async function put(key, path, size, contentType, what) {
        if (size < MIN_PART_SIZE)
            return putOnce(key, path, size, contentType, what);
        const body = (0,external_node_fs_.createReadStream)(path);
        const upload = new lib_storage_dist_cjs/* Upload */._({
            client,
            queueSize: 1,
            partSize: MIN_PART_SIZE,
            params: {
                Bucket: bucket,
                Key: key,
                Body: body,
                ContentLength: size,
                ContentType: contentType,
                CacheControl: settings.cacheControl || undefined,
            },
        });
        // Not aborted on cancel: a request already on the wire may still be stored by the server after the
        // clean-up deleted its key. The clean-up waits for it instead; no retry or new part starts after a cancel.
        try {
            await upload.done();
        }
        catch (error) {
            throw uploadFailed(error, key, what);
        }
        finally {
            body.destroy();
        }
    }
    /**
     * A file below one part (every delta file of a web build, in practice): one
     * PutObject of its bytes read whole. A lib-storage Upload per file left
     * more garbage per request (its chunker, emitter and copies) for the same
     * single PutObject; a Buffer body is also what the retry layer can send
     * again. Not aborted on cancel, as in put().
     */
    async function putOnce(key, path, size, contentType, what) {
        const bytes = await (0,promises_.readFile)(path);
        try {
            await client.send(new dist_cjs.PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: bytes,
                ContentLength: size,
                ContentType: contentType,
                CacheControl: settings.cacheControl || undefined,
            }));
        }
        catch (error) {
            throw uploadFailed(error, key, what);
        }
        finally {
            (0,memory/* dropped */.p)(bytes.length);
        }
    }
    /** The stored size by HeadObject, compared with `size`; with verify-upload, the stored bytes too. */
    async function confirm(key, path, size, what) {
        await confirmSizeOnly(key, size, what);
        if (settings.verifyUpload)
            await confirmBytes(key, path, what);
    }
    async function confirmSizeOnly(key, size, what) {
        const stored = await storedSize(ctx, key).catch((error) => {
            if (guard.signal.aborted)
                throw guard.signal.reason;
            throw new errors/* BundleError */.rJ('s3_confirm_failed', `Uploaded ${what} to s3://${bucket}/${key} but could not confirm it: ${describeS3Error(error)}.`);
        });
        checkSize(key, stored, size, what);
    }
    function checkSize(key, stored, size, what) {
        if (stored !== size)
            throw new errors/* BundleError */.rJ('stored_bundle_invalid', `s3://${bucket}/${key} holds ${stored ?? 'no'} bytes after the upload of ${what} instead of ${size}.`);
    }
    /** verify-upload: the stored bytes, downloaded, hash as the local file does. */
    async function confirmBytes(key, path, what) {
        const expected = await (0,delta_bytes/* sha256OfFile */.Vq)(path);
        const actual = await (0,publish_retry/* withRetry */.b)(() => ctx.cancellable(async (options) => {
            const { Body } = await client.send(new dist_cjs.GetObjectCommand({ Bucket: bucket, Key: key }), options);
            if (!Body)
                throw new Error(`GetObject returned no body for ${key}`);
            return (0,delta_bytes/* sha256OfStream */.z4)(Body);
        }), { ...ctx.retry, logger, what: `Downloading s3://${bucket}/${key} to verify it`, retryable: isRetryableS3Error, signal: guard.signal }).catch((error) => {
            if (guard.signal.aborted)
                throw guard.signal.reason;
            throw new errors/* BundleError */.rJ('s3_verify_failed', `Could not download s3://${bucket}/${key} to verify ${what}: ${describeS3Error(error)}.`);
        });
        if (actual !== expected)
            throw new errors/* BundleError */.rJ('stored_bundle_invalid', `The stored copy at s3://${bucket}/${key} differs from ${what} (SHA-256 ${actual} instead of ${expected}); devices would reject it.`);
    }
    return {
        async check(files) {
            const located = files.map((file) => asStored((0,s3_settings/* s3ObjectLocation */.JF)(settings, { ...values, sha256: file.sha256 }, `${prefix}/delta/${file.sha256}_${file.fileName}`)));
            const manifest = (0,s3_settings/* s3ObjectLocation */.JF)(settings, { ...values, sha256: bundle.sha256 }, `${prefix}/manifest.json`);
            let existing;
            try {
                existing = await storedSize(ctx, manifest.key);
            }
            catch (error) {
                if (statusOf(error) === 403 && settings.overwrite) {
                    logger.warning(`Cannot tell whether ${manifest.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`);
                    return { files: located, manifest: asStored(manifest) };
                }
                throw explain(ctx, error, 'HeadObject', manifest);
            }
            if (existing !== undefined) {
                if (!settings.overwrite) {
                    throw new errors/* BundleError */.rJ('object_exists', `${manifest.uri} already exists: devices may be installing the files it lists. Publish a new version, delete ${manifest.uri} and the objects under s3://${bucket}/${prefix}/delta/, or set overwrite: true.`, 'overwrite');
                }
                replacingManifest = true;
                logger.info(`${manifest.uri} exists and overwrite is true: it and its delta files will be replaced`);
            }
            return { files: located, manifest: asStored(manifest) };
        },
        // The sizes are confirmed once for all files by confirmFiles; verify-upload still downloads each file here.
        async putFile(file, target) {
            await put(target.key, file.path, file.size, delta_bytes/* DELTA_CONTENT_TYPE */.qw, file.fileName);
            if (settings.verifyUpload)
                await confirmBytes(target.key, file.path, file.fileName);
        },
        /**
         * Every file's stored size from a listing (1,000 keys a page) instead of
         * a HeadObject per file: half the requests of a 3,000-file delta, and with
         * them the SDK garbage that raised the run's peak memory. A key the
         * listing lacks (a store whose listings lag) is asked for by HeadObject.
         * ListObjects (v1, paged by Marker) rather than V2: every S3-compatible
         * store has it, and s3rver's V2 continuation token needs DES, which
         * OpenSSL 3 no longer offers.
         */
        async confirmFiles(files, targets) {
            const listed = `${prefix}/delta/`;
            const sizes = new Map();
            let marker;
            do {
                const page = await ctx
                    .cancellable((options) => client.send(new dist_cjs.ListObjectsCommand({ Bucket: bucket, Prefix: listed, Marker: marker }), options))
                    .catch((error) => {
                    if (guard.signal.aborted)
                        throw guard.signal.reason;
                    throw new errors/* BundleError */.rJ('s3_confirm_failed', `Uploaded ${files.length} delta files to s3://${bucket}/${listed} but could not list them to confirm their sizes: ${describeS3Error(error)}.`);
                });
                for (const object of page.Contents ?? [])
                    if (object.Key !== undefined)
                        sizes.set(object.Key, object.Size ?? 0);
                marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined;
            } while (marker);
            for (const [at, file] of files.entries()) {
                const { key } = targets[at];
                const stored = sizes.get(key);
                if (stored === undefined) {
                    guard.signal.throwIfAborted();
                    await confirmSizeOnly(key, file.size, file.fileName);
                }
                else
                    checkSize(key, stored, file.size, file.fileName);
            }
        },
        async putManifest(path, size, target) {
            await put(target.key, path, size, delta_bytes/* MANIFEST_CONTENT_TYPE */.T6, 'manifest.json');
            await confirm(target.key, path, size, 'manifest.json');
        },
        async discard(stored, signal) {
            const failed = [];
            for (let at = 0; at < stored.length; at += DELETE_BATCH) {
                const batch = stored.slice(at, at + DELETE_BATCH);
                try {
                    const answer = await cleanupClient.send(new dist_cjs.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map(({ key }) => ({ Key: key })), Quiet: true } }), { abortSignal: signal });
                    for (const error of answer.Errors ?? [])
                        if (error.Key)
                            failed.push(error.Key);
                }
                catch (error) {
                    logger.warning(`Could not delete delta objects under s3://${bucket}/${prefix}/: ${describeS3Error(error)}`);
                    failed.push(...batch.map(({ key }) => key));
                }
            }
            const replaced = replacingManifest
                ? ` (overwrite: true replaced files the previous ${prefix}/manifest.json lists: publish this version again)`
                : '';
            if (failed.length) {
                return {
                    left: `${failed.length} of the ${stored.length} delta objects this run stored stay under s3://${bucket}/${prefix}/, listed by no manifest${replaced}: delete them (aws s3 rm --recursive s3://${bucket}/${prefix}/delta/)`,
                };
            }
            logger.info(`Deleted the ${stored.length} delta objects this run stored under s3://${bucket}/${prefix}/`);
            return { cleaned: `deleted the ${stored.length} delta objects this run stored under s3://${bucket}/${prefix}/${replaced}` };
        },
    };
}

;// CONCATENATED MODULE: ./src/publish/s3-discard.ts


/* Removing what this run stored, or saying why it stays. */
/**
 * Deletes the object this run stored when nothing will refer to it, or
 * says why it stays. An object that replaced an earlier one (overwrite:
 * true) is never deleted: that would remove what the earlier one served.
 */
async function discardObject(ctx, location, signal) {
    const { cleanupClient, bucket, logger, replacing } = ctx;
    if (replacing.has(location.key)) {
        return {
            left: `${location.uri} holds this run's bundle, registered nowhere (overwrite: true replaced the object that was there; re-upload or register that one)`,
        };
    }
    try {
        await cleanupClient.send(new dist_cjs.DeleteObjectCommand({ Bucket: bucket, Key: location.key }), { abortSignal: signal });
        logger.info(`Deleted ${location.uri} again: nothing refers to it`);
        return { cleaned: `deleted ${location.uri} again` };
    }
    catch (error) {
        return {
            left: `${location.uri} stays, registered nowhere (deleting it failed: ${describeS3Error(error)}): delete it (aws s3 rm ${location.uri}) before running again, or set overwrite: true`,
        };
    }
}
/** The end of a message after a failure past the upload: what happened to the object, and what to do. */
async function afterStoredFailure(ctx, location) {
    const outcome = await discardObject(ctx, location);
    return outcome.cleaned
        ? `Nothing was registered and ${outcome.cleaned}; fix the cause and run again.`
        : `Nothing was registered; ${outcome.left}.`;
}

// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(4660);
;// CONCATENATED MODULE: ./src/publish/s3-upload.ts







/* The upload of the bundle: multipart, aborted and explained on failure or cancel. */
async function abortMultipart(ctx, uploadId, location, signal) {
    const { cleanupClient, bucket, logger } = ctx;
    if (!uploadId)
        return 'none';
    try {
        await cleanupClient.send(new dist_cjs.AbortMultipartUploadCommand({ Bucket: bucket, Key: location.key, UploadId: uploadId }), {
            abortSignal: signal,
        });
        logger.info(`Aborted the multipart upload to ${location.uri}; its parts are deleted`);
        return 'aborted';
    }
    catch (error) {
        logger.warning(`Could not abort the multipart upload to ${location.uri}: ${describeS3Error(error)}`);
        return 'failed';
    }
}
/** Best effort: whether an object sits at the key after a failure. */
async function leftoverAt(ctx, key) {
    try {
        return (await storedSize(ctx, key, ctx.cleanupClient)) === undefined ? 'absent' : 'present';
    }
    catch {
        return 'unknown';
    }
}
async function uploadFailure(ctx, error, location, uploadId, abort) {
    const { bucket, settings } = ctx;
    const cleanup = [];
    if (abort === 'failed' && uploadId) {
        cleanup.push(`abort the incomplete multipart upload (aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId}) or let a lifecycle rule expire it`);
    }
    const leftover = await leftoverAt(ctx, location.key);
    if (leftover === 'present') {
        cleanup.push(`delete ${location.uri} unless it is a bundle you registered before${settings.overwrite ? ' (overwrite was true, so it may be the previous object)' : ''}`);
    }
    if (leftover === 'unknown')
        cleanup.push(`check whether ${location.uri} exists and delete it if so`);
    const after = cleanup.length ? `To clean up: ${cleanup.join('; ')}.` : 'No object was written.';
    if (statusOf(error) === 412 || errorShape(error).name === 'PreconditionFailed') {
        return new errors/* BundleError */.rJ('object_exists', `${location.uri} appeared while uploading (another run of the same version?) and was not replaced. Nothing was registered. ${after}`, 'overwrite');
    }
    const explained = error instanceof errors/* BundleError */.rJ || statusOf(error) === 403 || isUnreachable(error) ? explain(ctx, error, 'upload', location) : undefined;
    const reason = explained ? explained.message : `${describeS3Error(error)}.`;
    return new errors/* BundleError */.rJ('s3_upload_failed', `Uploading the bundle to ${location.uri} failed: ${reason} Nothing was registered. ${after}`, explained?.input);
}
/** Uploads the encrypted file in parts; on failure or cancel, aborts the multipart upload and says what remains. */
async function uploadObject(ctx, bundle, location) {
    const { client, cleanupClient, bucket, settings, options, guard, logger, replacing } = ctx;
    const body = (0,external_node_fs_.createReadStream)(bundle.path);
    const upload = new lib_storage_dist_cjs/* Upload */._({
        client,
        queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
        partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil(bundle.bundleSize / MAX_PARTS)),
        // We abort ourselves, so a failed abort can be reported with its upload id.
        leavePartsOnError: true,
        params: {
            Bucket: bucket,
            Key: location.key,
            Body: body,
            ContentLength: bundle.bundleSize,
            ContentType: 'application/zip',
            CacheControl: settings.cacheControl || undefined,
            // Closes the race between check() and upload on services with conditional writes (AWS, R2, MinIO).
            IfNoneMatch: settings.overwrite ? undefined : '*',
        },
    });
    const stop = () => void upload.abort().catch(() => undefined);
    guard.signal.addEventListener('abort', stop, { once: true });
    // Cancelled mid-upload: abort the multipart upload (its parts are billed until then), and remove the object if it was just completed.
    const dropUndo = guard.add(`the upload to ${location.uri}`, async (signal) => {
        const uploadId = upload.uploadId;
        const abort = await abortMultipart(ctx, uploadId, location, signal);
        if (abort === 'failed') {
            return {
                left: `the multipart upload ${uploadId} to ${location.uri} (abort it: aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId})`,
            };
        }
        const present = (await storedSize(ctx, location.key, cleanupClient).catch(() => undefined)) !== undefined;
        const object = present ? await discardObject(ctx, location, signal) : {};
        if (abort === 'aborted')
            return { cleaned: [`aborted the multipart upload to ${location.uri}`, object.cleaned].filter(Boolean).join(', '), left: object.left };
        return object;
    });
    const progress = (0,src_progress/* startProgress */.ot)(`Uploading to ${location.uri}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock);
    let loaded = 0;
    upload.on('httpUploadProgress', (event) => {
        // Cumulative bytes of finished parts; the reporter counts increments.
        if (event.loaded !== undefined && event.loaded > loaded) {
            progress.add(event.loaded - loaded);
            loaded = event.loaded;
        }
    });
    try {
        await upload.done();
    }
    catch (error) {
        if (guard.signal.aborted)
            throw guard.signal.reason;
        dropUndo();
        // A CompleteMultipartUpload whose answer was lost (a time-out while the server assembles the
        // object) may have succeeded, and a retry of it then fails: an object of exactly our size at a key
        // that was empty before is this upload. confirmStored and verify-upload check it further.
        if (upload.uploadId &&
            !replacing.has(location.key) &&
            (await storedSize(ctx, location.key, cleanupClient).catch(() => undefined)) === bundle.bundleSize) {
            logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`);
            return;
        }
        const abort = await abortMultipart(ctx, upload.uploadId, location);
        throw await uploadFailure(ctx, error, location, upload.uploadId, abort);
    }
    finally {
        guard.signal.removeEventListener('abort', stop);
        progress.done();
        body.destroy();
    }
    dropUndo();
}

;// CONCATENATED MODULE: ./src/publish/s3-multipart.ts








/**
 * An S3 multipart upload that runs while the bundle is packed (issue 14).
 * Parts are streamed from the encrypted file once their bytes reach it, at
 * most `queueSize` in flight, so memory stays at a few chunks per part
 * whatever the bundle size. The object appears only at CompleteMultipartUpload, which `complete`
 * sends once publish has verified the bundle and settled every other
 * precondition; until then, and after any failure or cancel, the upload is
 * aborted and its parts deleted.
 *
 * The object's size and checksum are known only at the end, and S3 needs
 * neither up front: parts carry their own Content-Length (and CRC32 on AWS),
 * the object's metadata (type, cache-control) is fixed, and the size is
 * confirmed after Complete as for the sequential upload. A bundle that fits
 * in one part is left to the sequential single PUT after verify: the first
 * part goes only once a second one is certain.
 */
class S3OverlappedMultipart {
    ctx;
    source;
    uploadId;
    /** Bytes sent (or in flight) before packing finished; for the log line and the tests. */
    sentWhilePacking = 0;
    offset = 0;
    partNumber = 0;
    parts = [];
    inFlight = new Set();
    failure;
    state = 'sending';
    stop = new AbortController();
    signal;
    dropUndo;
    sending;
    /** Resolves when sending must stop (withdraw, a failed part, cancel). */
    aborted;
    constructor(ctx, source) {
        this.ctx = ctx;
        this.source = source;
        this.signal = AbortSignal.any([ctx.guard.signal, this.stop.signal]);
        this.aborted = new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
        this.sending = this.send().catch((error) => {
            this.failure ??= { error };
        });
    }
    get stopped() {
        return this.state === 'withdrawn' || this.signal.aborted || this.source.closed;
    }
    async send() {
        const { partSize, queueSize } = this.ctx;
        await this.ctx.checked;
        while (!this.stopped && !this.failure) {
            const total = this.source.total;
            if (total !== undefined && this.offset >= total)
                break;
            // A bundle of one part goes as a single PUT after verify.
            if (this.partNumber === 0 && total !== undefined && total <= partSize)
                break;
            if (this.inFlight.size >= queueSize) {
                await Promise.race(this.inFlight);
                continue;
            }
            const length = total === undefined ? partSize : Math.min(partSize, total - this.offset);
            // The first part waits until a second is certain (more than one part written).
            const needed = this.partNumber === 0 && total === undefined ? partSize + 1 : this.offset + length;
            if (this.source.written < needed) {
                await Promise.race([this.source.changed(), this.aborted]);
                continue;
            }
            if (!this.uploadId)
                await this.create();
            if (this.stopped)
                break;
            const number = ++this.partNumber;
            const position = this.offset;
            this.offset += length;
            if (total === undefined)
                this.sentWhilePacking = this.offset;
            const job = this.sendPart(number, position, length).finally(() => this.inFlight.delete(job));
            this.inFlight.add(job);
        }
        await Promise.all(this.inFlight);
    }
    async create() {
        const { client, bucket, location, logger } = this.ctx;
        const created = await client.send(new dist_cjs.CreateMultipartUploadCommand({
            Bucket: bucket,
            Key: location.key,
            ContentType: this.ctx.contentType,
            CacheControl: this.ctx.cacheControl,
            ChecksumAlgorithm: this.ctx.checksums ? 'CRC32' : undefined,
        }), 
        // Not this.signal: a withdraw waits for the answer, so the upload id it creates is known and aborted.
        { abortSignal: this.ctx.guard.signal });
        if (!created.UploadId)
            throw new Error('CreateMultipartUpload returned no upload id');
        this.uploadId = created.UploadId;
        this.dropUndo = this.ctx.guard.add(`the multipart upload to ${location.uri}`, (signal) => this.undo(signal));
        logger.info(`Uploading to ${location.uri} while packing: multipart, ${Math.round(this.ctx.partSize / 1024 / 1024)} MiB parts; nothing is visible until the bundle is verified`);
    }
    /**
     * One part, streamed from the growing file: a request in flight holds a
     * few 64 KiB chunks, not its 5 MiB, and the SDK sends a streamed body
     * without hashing it first (UNSIGNED-PAYLOAD over TLS; parts carry CRC32
     * on AWS). A stream is spent by its attempt, so retries are made here,
     * each with a fresh one; the client's retry layer leaves streamed bodies
     * to their caller.
     */
    async sendPart(number, position, length) {
        const { client, bucket, location, retry, logger } = this.ctx;
        try {
            const result = await (0,publish_retry/* withRetry */.b)(() => (0,abort/* withRequestSignal */.Q)(this.signal, (abortSignal) => client.send(new dist_cjs.UploadPartCommand({
                Bucket: bucket,
                Key: location.key,
                UploadId: this.uploadId,
                PartNumber: number,
                Body: this.source.stream(position, length),
                ContentLength: length,
                ChecksumAlgorithm: this.ctx.checksums ? 'CRC32' : undefined,
            }), { abortSignal })), {
                ...retry,
                logger,
                what: describeCommand('UploadPartCommand', { PartNumber: number }, location.uri),
                retryable: isRetryableS3Error,
                signal: this.signal,
            });
            if (!result.ETag)
                throw new Error(`UploadPart ${number} returned no ETag`);
            this.parts.push({ PartNumber: number, ETag: result.ETag, ...(result.ChecksumCRC32 ? { ChecksumCRC32: result.ChecksumCRC32 } : {}) });
        }
        catch (error) {
            this.failure ??= { error };
            this.stop.abort();
        }
    }
    /**
     * After verify and every precondition: waits for the last parts, then
     * CompleteMultipartUpload. False when nothing was sent (a one-part bundle:
     * the caller PUTs it). Throws what failed; the caller aborts and explains.
     */
    async complete() {
        if (this.source.total === undefined)
            throw new Error('unreachable: completing an upload before packing finished');
        await this.sending;
        if (this.failure)
            throw this.failure.error;
        if (this.ctx.guard.signal.aborted)
            throw this.ctx.guard.signal.reason;
        if (!this.uploadId) {
            this.state = 'withdrawn';
            return false;
        }
        const { location, logger } = this.ctx;
        const parts = [...this.parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
        logger.info(`Sent ${parts.length} parts (${this.offset} bytes) to ${location.uri}, ${this.sentWhilePacking} bytes of them while packing; completing the upload now that the bundle is verified`);
        this.state = 'completing';
        await this.ctx.client.send(new dist_cjs.CompleteMultipartUploadCommand({
            Bucket: this.ctx.bucket,
            Key: location.key,
            UploadId: this.uploadId,
            MultipartUpload: { Parts: parts },
            IfNoneMatch: this.ctx.ifNoneMatch,
        }), { abortSignal: this.ctx.guard.signal });
        this.state = 'completed';
        this.dropUndo?.();
        return true;
    }
    /** Stops sending and aborts the multipart upload (parts deleted). A no-op once completed or completing. */
    abort(signal) {
        if (this.state === 'completed' || this.state === 'completing')
            return Promise.resolve('none');
        this.state = 'withdrawn';
        this.aborting ??= (async () => {
            this.stop.abort();
            await this.sending;
            this.dropUndo?.();
            const uploadId = this.uploadId;
            return uploadId ? this.ctx.abortUpload(uploadId, signal) : 'none';
        })();
        return this.aborting;
    }
    aborting;
    /** After a failed Complete the caller aborts and explains: the guard no longer needs to. */
    release() {
        this.state = 'withdrawn';
        this.aborting = Promise.resolve('none');
        this.dropUndo?.();
    }
    async withdraw() {
        await this.abort();
    }
    /** The guard's undo on cancel. */
    async undo(signal) {
        const { bucket, location } = this.ctx;
        const uploadId = this.uploadId;
        if (this.state === 'completing' && uploadId) {
            // Cancelled while the object was being assembled: abort what may remain, delete what may have appeared.
            const aborted = await this.ctx.abortUpload(uploadId, signal);
            const object = await this.ctx.discardIfPresent(signal);
            return {
                cleaned: [aborted === 'aborted' ? `aborted the multipart upload to ${location.uri}` : undefined, object.cleaned]
                    .filter(Boolean)
                    .join(', ') || undefined,
                left: object.left,
            };
        }
        const outcome = await this.abort(signal);
        if (outcome === 'failed') {
            return {
                left: `the multipart upload ${uploadId} to ${location.uri} (abort it: aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId})`,
            };
        }
        return outcome === 'aborted' ? { cleaned: `aborted the multipart upload to ${location.uri}` } : {};
    }
}
const s3_multipart_MiB = 1024 * 1024;
/**
 * Parts in flight. Streamed parts cost a few chunks each, not their 5 MiB
 * (lib-storage's DEFAULT_QUEUE_SIZE of 2 is set by its buffering), so more of
 * them can cover each part's round trips (headers, the server storing it,
 * the answer). Measured (bench-e2e, 100 MB, 50 MB/s proxy, loaded machine):
 * with 2 in flight 47% of the bundle was sent by the end of packing and the
 * run took 3.9-4.9 s; with 8, 94% and 3.5-3.6 s, at the same peak RSS.
 */
const OVERLAPPED_QUEUE_SIZE = 8;
/**
 * The S3 backend's startEarly: the same read-only checks as `check` (HeadBucket,
 * HeadObject: absent, or overwrite) gate the first part. Undefined when the
 * key depends on the content ({sha256}), which only packing can tell.
 */
function startS3Overlapped(ctx, target, source) {
    const { settings, options } = ctx;
    const location = (0,s3_settings/* planS3Location */.Vj)(settings, { appId: target.appId, version: target.version, sha256: '0'.repeat(64) });
    if ((0,s3_settings/* planS3Location */.Vj)(settings, { appId: target.appId, version: target.version, sha256: 'f'.repeat(64) }).key !== location.key)
        return undefined;
    const checked = (async () => {
        await checkBucket(ctx, location);
        await checkObject(ctx, location);
    })();
    // Its failure stops the sending; publish's own check() then reports it in its usual place.
    checked.catch(() => undefined);
    const upload = new S3OverlappedMultipart({
        client: ctx.client,
        bucket: ctx.bucket,
        location,
        // The part size is fixed before the bundle's size is known: the build's size, plus a margin for
        // zip headers and stored-entry overhead, bounds it, so parts stay within S3's 10,000 (past ~48 GB).
        partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil((target.estimatedBytes * 1.1 + s3_multipart_MiB) / MAX_PARTS)),
        queueSize: options.queueSize ?? OVERLAPPED_QUEUE_SIZE,
        retry: ctx.retry,
        contentType: 'application/zip',
        cacheControl: settings.cacheControl || undefined,
        ifNoneMatch: settings.overwrite ? undefined : '*',
        // As the client's requestChecksumCalculation: WHEN_SUPPORTED on AWS only.
        checksums: !ctx.endpoint,
        checked,
        guard: ctx.guard,
        logger: ctx.logger,
        abortUpload: (uploadId, signal) => abortMultipart(ctx, uploadId, location, signal),
        discardIfPresent: async (signal) => (await storedSize(ctx, location.key, ctx.cleanupClient).catch(() => undefined)) !== undefined
            ? discardObject(ctx, location, signal)
            : {},
    }, source);
    return { key: location.key, upload, checked };
}
/**
 * In `put`, after verify and every precondition: completes the overlapped
 * upload. False when it sent nothing (a one-part bundle: `put` uploads it
 * as before). Failures are handled as uploadObject handles them.
 */
async function completeS3Overlapped(ctx, upload, bundle, location) {
    const { guard, replacing, logger } = ctx;
    try {
        return await upload.complete();
    }
    catch (error) {
        if (guard.signal.aborted)
            throw guard.signal.reason;
        upload.release();
        // As in uploadObject: a Complete whose answer was lost may have stored the object.
        if (upload.uploadId &&
            !replacing.has(location.key) &&
            (await storedSize(ctx, location.key, ctx.cleanupClient).catch(() => undefined)) === bundle.bundleSize) {
            logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`);
            return true;
        }
        const abort = await abortMultipart(ctx, upload.uploadId, location);
        throw await uploadFailure(ctx, error, location, upload.uploadId, abort);
    }
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/publish/verify-stored.ts
var verify_stored = __webpack_require__(7900);
;// CONCATENATED MODULE: ./src/publish/s3-verify.ts









/* What was stored, confirmed (size) and, with verify-upload, checked as a device would. */
/** The stored object has the bundle's size (HeadObject). */
async function confirmStored(ctx, bundle, location) {
    const { guard } = ctx;
    let size;
    try {
        size = await storedSize(ctx, location.key);
    }
    catch (error) {
        if (guard.signal.aborted)
            throw guard.signal.reason;
        const reason = explain(ctx, error, 'HeadObject', location).message;
        throw new errors/* BundleError */.rJ('s3_confirm_failed', `Uploaded ${location.uri} but could not confirm it: ${reason} ${await afterStoredFailure(ctx, location)}`);
    }
    if (size !== bundle.bundleSize) {
        throw new errors/* BundleError */.rJ('stored_bundle_invalid', `${location.uri} holds ${size ?? 'no'} bytes after the upload instead of ${bundle.bundleSize}; devices would fail the checksum. ${await afterStoredFailure(ctx, location)}`);
    }
}
async function download(ctx, key, file) {
    const { client, bucket } = ctx;
    await ctx.cancellable(async (options) => {
        const { Body } = await client.send(new dist_cjs.GetObjectCommand({ Bucket: bucket, Key: key }), options);
        if (!Body)
            throw new Error(`GetObject returned no body for ${key}`);
        await (0,external_node_stream_promises_.pipeline)(Body, (0,external_node_fs_.createWriteStream)(file));
    });
}
/** Downloads the stored object and checks it as a device would (verify-upload). */
async function verifyStored(ctx, bundle, location) {
    const { retry, logger, guard } = ctx;
    await (0,verify_stored/* withTempFile */.XH)(bundle.fileName, async (file) => {
        try {
            await (0,publish_retry/* withRetry */.b)(() => download(ctx, location.key, file), {
                ...retry,
                logger,
                what: `Downloading ${location.uri} to verify it`,
                retryable: isRetryableS3Error,
                signal: guard.signal,
            });
        }
        catch (error) {
            if (guard.signal.aborted)
                throw error;
            const reason = (0,http/* isTimeout */.kL)(error) ? explain(ctx, error, 'GetObject', location).message : `${describeS3Error(error)}.`;
            throw new errors/* BundleError */.rJ('s3_verify_failed', `Could not download ${location.uri} to verify it: ${reason} ${await afterStoredFailure(ctx, location)}`);
        }
        await (0,verify_stored/* verifyStoredCopy */.St)(file, bundle, { label: location.uri }, logger).catch(async (error) => {
            if (!(error instanceof errors/* BundleError */.rJ) || error.code !== 'stored_bundle_invalid')
                throw error;
            throw new errors/* BundleError */.rJ(error.code, `${error.message} ${await afterStoredFailure(ctx, location)}`, error.input);
        });
    }, guard);
}

;// CONCATENATED MODULE: ./src/publish/s3.ts









/**
 * An S3-compatible bucket (AWS, R2, MinIO, Spaces, B2). The object is
 * uploaded from the encrypted file in parts, so memory stays flat, and is
 * never replaced unless `overwrite`: a registered bundle must not change
 * under its signed checksum. The settings passed `checkSettings`
 * (s3-settings.ts) in the plan. The parts, by job: s3-client.ts (clients,
 * errors), s3-check.ts, s3-upload.ts, s3-verify.ts, s3-discard.ts.
 */
async function createS3Storage(settings, logger, options = {}, network = (0,cleanup/* standaloneNetwork */.aI)()) {
    const ctx = openS3Context(settings, logger, options, network);
    const { bucket, guard, where } = ctx;
    /** Issue 14: the multipart upload started while packing (s3-multipart.ts), which `put` completes. */
    let overlapped;
    return {
        async check(bundle) {
            const location = (0,s3_settings/* planS3Location */.Vj)(settings, bundle);
            if (overlapped?.key === location.key) {
                // Asked already, before the overlapped upload's first part: the same answer, without a second round of
                // requests (a hanging endpoint would otherwise cost the whole retry budget twice).
                await overlapped.checked;
            }
            else {
                await checkBucket(ctx, location);
                await checkObject(ctx, location);
            }
            return { key: location.key, url: location.url };
        },
        async put(bundle) {
            const location = (0,s3_settings/* planS3Location */.Vj)(settings, bundle);
            const early = overlapped?.key === location.key ? overlapped.upload : undefined;
            overlapped = undefined;
            if (!early || !(await completeS3Overlapped(ctx, early, bundle, location))) {
                await early?.withdraw();
                logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${location.uri} at ${where}`);
                await uploadObject(ctx, bundle, location);
            }
            // Stored but not yet confirmed: a cancel now deletes it again (publish takes over once put returns).
            const dropUndo = guard.add(`the object ${location.uri}`, (signal) => discardObject(ctx, location, signal));
            try {
                await confirmStored(ctx, bundle, location);
                if (settings.verifyUpload)
                    await verifyStored(ctx, bundle, location);
            }
            finally {
                if (!guard.signal.aborted)
                    dropUndo();
            }
            return { key: location.key, url: location.url, label: location.uri };
        },
        discard(stored, signal) {
            return discardObject(ctx, { ...stored, uri: `s3://${bucket}/${stored.key}` }, signal);
        },
        startEarly(target, source) {
            overlapped = startS3Overlapped(ctx, target, source);
            return overlapped?.upload;
        },
        delta(bundle) {
            return s3Delta(ctx, bundle);
        },
    };
}


/***/ })

};
